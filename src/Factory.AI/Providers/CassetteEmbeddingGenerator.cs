using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Factory.AI.Providers;

/// <summary>
/// What <see cref="CassetteChatClient"/> is to chat clients, for embedding generators: records real
/// embedding calls to a JSONL cassette (one call a line, keyed by a SHA-256 of the model, the inputs and
/// the dimensions asked for) and replays them offline; a replay miss throws <see cref="CassetteMissException"/>.
/// </summary>
public sealed class CassetteEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly string model;
    private readonly CassetteMode mode;
    private readonly CassetteFile<EmbeddingCassetteEntry> file;

    /// <summary>Opens the cassette at <paramref name="path"/> (created when recording and missing).</summary>
    /// <param name="path">The JSONL file.</param>
    /// <param name="mode">Replay or record.</param>
    /// <param name="model">The model the key names when the options name none.</param>
    /// <param name="inner">The real generator; required to record.</param>
    public CassetteEmbeddingGenerator(string path, CassetteMode mode, string model, IEmbeddingGenerator<string, Embedding<float>>? inner = null)
        : base(inner ?? NoEmbedder.Instance)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (mode == CassetteMode.Record && inner is null)
        {
            throw new ArgumentException("Recording needs the real generator to ask.", nameof(inner));
        }

        this.mode = mode;
        this.model = model;
        file = new CassetteFile<EmbeddingCassetteEntry>(path, mode, EmbeddingCassetteJson.Default.EmbeddingCassetteEntry, static e => e.Key);
    }

    /// <summary>The cassette file.</summary>
    public string Path => file.Path;

    /// <summary>The key of a call: a SHA-256 of the model, the inputs and the dimensions.</summary>
    public string KeyOf(IReadOnlyList<string> values, EmbeddingGenerationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", options?.ModelId ?? model);
            if (options?.Dimensions is { } dimensions)
            {
                json.WriteNumber("dimensions", dimensions);
            }

            json.WriteStartArray("inputs");
            foreach (string value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> inputs = values as IReadOnlyList<string> ?? [.. values];
        string key = KeyOf(inputs, options);
        if (file.TryFind(key, out EmbeddingCassetteEntry? found))
        {
            return found.ToEmbeddings();
        }

        if (mode == CassetteMode.Replay)
        {
            throw new CassetteMissException(key, Path, options?.ModelId ?? model);
        }

        GeneratedEmbeddings<Embedding<float>> embeddings = await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        file.Append(EmbeddingCassetteEntry.From(key, options?.ModelId ?? model, inputs, embeddings));
        return embeddings;
    }
}

/// <summary>One recorded embedding call: one JSONL line.</summary>
internal sealed record EmbeddingCassetteEntry(string Key, string Model, IReadOnlyList<string> Inputs, IReadOnlyList<float[]> Vectors, long? InputTokens)
{
    public static EmbeddingCassetteEntry From(string key, string model, IReadOnlyList<string> inputs, GeneratedEmbeddings<Embedding<float>> embeddings)
    {
        var vectors = new List<float[]>(embeddings.Count);
        foreach (Embedding<float> embedding in embeddings)
        {
            vectors.Add(embedding.Vector.ToArray());
        }

        return new EmbeddingCassetteEntry(key, model, inputs, vectors, embeddings.Usage?.InputTokenCount);
    }

    public GeneratedEmbeddings<Embedding<float>> ToEmbeddings()
    {
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(Vectors.Count);
        foreach (float[] vector in Vectors)
        {
            embeddings.Add(new Embedding<float>(vector) { ModelId = Model });
        }

        embeddings.Usage = InputTokens is null ? null : new UsageDetails { InputTokenCount = InputTokens, TotalTokenCount = InputTokens };
        return embeddings;
    }
}

/// <summary>Source-generated JSON for embedding cassettes (no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EmbeddingCassetteEntry))]
internal sealed partial class EmbeddingCassetteJson : JsonSerializerContext
{
}
