using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Factory.AI.Tests;

public sealed record Chunk(string Id, string Text);

public sealed record EmbeddedChunk(string Id, float[] Vector);

/// <summary>The batch station example: sixteen chunks a call to the catalog's embedding model, charged to the run's job.</summary>
[Station(BatchSize = 16, BatchWaitMs = 20, Parallelism = 2)]
public sealed partial class EmbedChunks(ModelCatalog models)
{
    public async Task<IReadOnlyList<EmbeddedChunk>> ProcessAsync(IReadOnlyList<Chunk> inputs, StationContext context, CancellationToken cancellationToken)
    {
        GeneratedEmbeddings<Embedding<float>> embeddings = await models.ResolveEmbeddings().GenerateAsync(inputs.Select(c => c.Text), context.Job, cancellationToken);
        return [.. inputs.Select((chunk, i) => new EmbeddedChunk(chunk.Id, embeddings[i].Vector.ToArray()))];
    }
}

[Line]
[Step<EmbedChunks>]
public sealed partial class EmbeddingLine;
