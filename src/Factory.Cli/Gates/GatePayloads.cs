using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Factory.Cli;

/// <summary>
/// Gate payloads as JSON and back. The gate store gives a payload as its type when this process knows
/// it (an application's entry point with its JSON metadata and gate checks), else as a <see cref="JsonElement"/>.
/// </summary>
internal static class GatePayloads
{
    /// <summary>The payload as JSON text, or null when it has no JSON form here.</summary>
    public static string? Json(object? payload, IJsonTypeInfoResolver? inputs)
    {
        switch (payload)
        {
            case null:
                return "null";
            case JsonElement element:
                return element.GetRawText();
            case string text:
                return JsonSerializer.Serialize(text, StringJson.Default.String);
        }

        return Info(payload.GetType(), inputs) is { } info ? JsonSerializer.Serialize(payload, info) : null;
    }

    /// <summary>The edited JSON read back as the payload's type, or null when this process does not know it.</summary>
    public static object? Read(JsonNode edited, Type type, IJsonTypeInfoResolver? inputs) =>
        Info(type, inputs) is { } info ? JsonSerializer.Deserialize(edited, info) : null;

    private static JsonTypeInfo? Info(Type type, IJsonTypeInfoResolver? inputs)
    {
        if (inputs is null)
        {
            return null;
        }

        JsonSerializerOptions options = inputs is JsonSerializerContext context ? context.Options : new JsonSerializerOptions { TypeInfoResolver = inputs };
        return options.TryGetTypeInfo(type, out JsonTypeInfo? info) ? info : null;
    }
}

/// <summary>The one type the command line serializes itself.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class StringJson : JsonSerializerContext;

/// <summary>An edit's JSON handed to the store as a <see cref="System.Text.Json.JsonElement"/>.</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class GateJsonContext : JsonSerializerContext;
