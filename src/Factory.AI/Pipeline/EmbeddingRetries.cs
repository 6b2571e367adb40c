using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Polly;

namespace Factory.AI.Pipeline;

/// <summary>
/// Retries an embedding call's transient failures as a chat model's are retried (Retry-After honoured;
/// 400 and 401 never): the outer half of <see cref="ResilientEmbeddingGenerator"/>, outside the budget
/// in a catalog entry, so each attempt reserves its own worst case.
/// </summary>
internal sealed class EmbeddingRetries(IEmbeddingGenerator<string, Embedding<float>> inner, ModelSettings settings, string name)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private readonly ResiliencePipeline retries = ResiliencePipelines.Retries(settings, name);

    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> inputs = values as IReadOnlyList<string> ?? [.. values];
        return retries.ExecuteAsync(
            static (state, token) => new ValueTask<GeneratedEmbeddings<Embedding<float>>>(state.Self.InnerGenerator.GenerateAsync(state.Inputs, state.Options, token)),
            (Self: this, Inputs: inputs, Options: options),
            cancellationToken).AsTask();
    }
}
