using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Factory.AI.Providers;

/// <summary>What a replay-only embedding cassette wraps: nothing answers but the cassette.</summary>
internal sealed class NoEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    public static NoEmbedder Instance { get; } = new();

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("A replaying cassette has no model to ask.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
