using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Microsoft.Extensions.AI;

namespace Factory.AI.Providers;

/// <summary>What <see cref="EndpointFailureChatClient"/> is to chat clients, for the OpenAI adapter's embedding generator.</summary>
public sealed class EndpointFailureEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly SecretRedactor keys;

    /// <summary>Wraps <paramref name="inner"/>, which sends <paramref name="apiKey"/> (to keep out of every failure).</summary>
    public EndpointFailureEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string? apiKey)
        : base(inner)
    {
        ApiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey;
        keys = SecretRedactor.ForKeys([ApiKey]);
    }

    /// <summary>The API key the generator sends; null when none was given.</summary>
    internal string? ApiKey { get; }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && EndpointFailures.Translate(exception, keys) is { } failure)
        {
            // A cancelled request (the caller's, or the resilience layer's timeout) stays a cancellation.
            throw failure;
        }
    }
}
