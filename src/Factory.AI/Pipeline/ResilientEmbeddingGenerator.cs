using Microsoft.Extensions.AI;

namespace Factory.AI.Pipeline;

/// <summary>
/// An embedding generator's calls as a chat model's: retries (Retry-After honoured; 400/401 never),
/// then a concurrency slot per attempt (a call backing off holds none), then the circuit breaker and the
/// per-request timeout of <see cref="ModelSettings"/>. (A catalog entry puts its budget between the
/// retries and the slot, so each attempt reserves.)
/// </summary>
public sealed class ResilientEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Wraps <paramref name="inner"/> with the resilience of <paramref name="settings"/>.</summary>
    public ResilientEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, ModelSettings settings, string name = "embeddings")
        : base(new EmbeddingRetries(new EmbeddingAttempts(inner, Checked(settings), name, marksSent: false), settings, name))
    {
    }

    private static ModelSettings Checked(ModelSettings settings)
    {
        System.ArgumentNullException.ThrowIfNull(settings);
        return settings;
    }
}
