using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Polly;

namespace Factory.AI.Pipeline;

/// <summary>
/// An embedding generator's calls as a chat model's: retries (Retry-After honoured; 400/401 never),
/// then a concurrency slot per attempt (a call backing off holds none), then the circuit breaker and the
/// per-request timeout of <see cref="ModelSettings"/>.
/// </summary>
public sealed class ResilientEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ResiliencePipeline retries;
    private readonly ResiliencePipeline attempt;
    private readonly SemaphoreSlim slots;

    /// <summary>Wraps <paramref name="inner"/> with the resilience of <paramref name="settings"/>.</summary>
    public ResilientEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, ModelSettings settings, string name = "embeddings")
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(settings);
        retries = ResiliencePipelines.Retries(settings, name);
        attempt = ResiliencePipelines.Attempt(settings, name);
        slots = new SemaphoreSlim(Math.Max(1, settings.MaxConcurrency));
    }

    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> inputs = values as IReadOnlyList<string> ?? [.. values];
        return retries.ExecuteAsync(
            static async (state, token) =>
            {
                await state.Self.slots.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    return await state.Self.attempt.ExecuteAsync(
                        static (inner, innerToken) => new ValueTask<GeneratedEmbeddings<Embedding<float>>>(inner.Self.InnerGenerator.GenerateAsync(inner.Inputs, inner.Options, innerToken)),
                        state,
                        token).ConfigureAwait(false);
                }
                finally
                {
                    state.Self.slots.Release();
                }
            },
            (Self: this, Inputs: inputs, Options: options),
            cancellationToken).AsTask();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            slots.Dispose();
        }

        base.Dispose(disposing);
    }
}
