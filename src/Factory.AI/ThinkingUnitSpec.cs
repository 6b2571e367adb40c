using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Factory.AI;

/// <summary>
/// What the generator knows about a thinking unit at build time: names, model options, the
/// instructions, and the output type's source-generated <see cref="JsonTypeInfo{T}"/>. One static
/// instance per unit.
/// </summary>
/// <typeparam name="TOut">The output type.</typeparam>
public sealed class ThinkingUnitSpec<TOut>
{
    private JsonElement? schema;

    /// <summary>Creates a spec.</summary>
    public ThinkingUnitSpec(string unit, string version, string model, JsonTypeInfo<TOut> outputType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(outputType);
        Unit = unit;
        Version = string.IsNullOrWhiteSpace(version) ? "1" : version;
        Model = model;
        OutputType = outputType;
    }

    /// <summary>The unit's name.</summary>
    public string Unit { get; }

    /// <summary>The unit's (and prompt's) version.</summary>
    public string Version { get; }

    /// <summary>The logical model name.</summary>
    public string Model { get; }

    /// <summary>The logical model asked when <see cref="Model"/>'s output cannot pass inspection.</summary>
    public string? Escalate { get; init; }

    /// <summary>Sampling temperature, or null to leave it to the model.</summary>
    public float? Temperature { get; init; }

    /// <summary>The most tokens one answer may have.</summary>
    public int MaxOutputTokens { get; init; } = 1024;

    /// <summary>Re-asks per model after a rejected output.</summary>
    public int MaxRepairs { get; init; } = 2;

    /// <summary>Minutes an accepted answer is remembered; 0 leaves it to the model's <see cref="ModelSettings.CacheMinutes"/>.</summary>
    public int CacheMinutes { get; init; }

    /// <summary>The system message, or null.</summary>
    public string? Instructions { get; init; }

    /// <summary>What inspection will check, in words (the output type's data annotations): told to the model up front.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>The output type's source-generated metadata: the schema comes from it and the answer is parsed with it.</summary>
    public JsonTypeInfo<TOut> OutputType { get; }

    /// <summary>The output type's JSON schema, derived from <see cref="OutputType"/> (no reflection).</summary>
    public JsonElement Schema => schema ??= OutputSchema.For(OutputType);
}

/// <summary>The generated half of a thinking unit: prompt rendering and inspection, written at build time.</summary>
/// <typeparam name="TIn">The input type.</typeparam>
/// <typeparam name="TOut">The output type.</typeparam>
public interface IThinkingUnit<TIn, TOut>
{
    /// <summary>The prompt with the input's members in place of its placeholders.</summary>
    string RenderPrompt(TIn input);

    /// <summary>Adds to <paramref name="problems"/> what is wrong with <paramref name="output"/>: its data annotations, then the unit's own <c>Inspect</c>.</summary>
    void Inspect(TIn input, TOut output, ICollection<string> problems);
}

/// <summary>Derives a JSON schema from a <see cref="JsonTypeInfo"/> (AOT-safe: no reflection).</summary>
public static class OutputSchema
{
    private static readonly JsonSchemaExporterOptions Options = new() { TreatNullObliviousAsNonNullable = true };

    /// <summary>The schema of <paramref name="typeInfo"/>'s type.</summary>
    public static JsonElement For(JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        JsonNode node = typeInfo.GetJsonSchemaAsNode(Options);
        using JsonDocument document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}
