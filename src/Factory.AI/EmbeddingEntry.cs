using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Factory.AI.Pipeline;
using Factory.AI.Providers;
using Microsoft.Extensions.AI;

namespace Factory.AI;

/// <summary>
/// One embedding model the catalog serves: its generator inside the same layers a chat model's calls
/// pass (<see cref="ResilientEmbeddingGenerator"/>'s retries, then <see cref="BudgetEmbeddingGenerator"/>'s
/// reservation per attempt, then the attempt: a concurrency slot, the circuit breaker, the timeout), built
/// with <see cref="EmbeddingGeneratorBuilder{TInput, TEmbedding}"/>.
/// </summary>
public sealed class EmbeddingEntry
{
    internal EmbeddingEntry(string name, IEmbeddingGenerator<string, Embedding<float>> generator, ModelSettings settings)
    {
        Name = name;
        Generator = generator;
        Settings = settings;
        ApiKey = (generator.GetService(typeof(EndpointFailureEmbeddingGenerator)) as EndpointFailureEmbeddingGenerator)?.ApiKey;
        ModelId = settings.ModelId
            ?? (generator.GetService(typeof(EmbeddingGeneratorMetadata)) as EmbeddingGeneratorMetadata)?.DefaultModelId
            ?? name;
        Pipeline = new EmbeddingGeneratorBuilder<string, Embedding<float>>(generator)
            .Use(inner => new EmbeddingRetries(inner, settings, name))
            .Use(inner => new BudgetEmbeddingGenerator(inner, settings, ModelId))
            .Use(inner => new EmbeddingAttempts(inner, settings, name))
            .Build();
    }

    /// <summary>The entry's name.</summary>
    public string Name { get; }

    /// <summary>The generator, as it was added.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Generator { get; }

    /// <summary><see cref="Generator"/> inside the entry's layers.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Pipeline { get; }

    /// <summary>Price (input only), limits and resilience.</summary>
    public ModelSettings Settings { get; }

    /// <summary>The model id recorded for this entry.</summary>
    public string ModelId { get; }

    /// <summary>The key the entry's generator sends, or null.</summary>
    internal string? ApiKey { get; }

    /// <summary>Embeds <paramref name="values"/>, one embedding each, in order, charged to <paramref name="job"/>'s budget (none when null).</summary>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, JobOrder? job = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ModelCallScope.Job = job;
        return await Pipeline.GenerateAsync(values, null, cancellationToken).ConfigureAwait(false);
    }
}
