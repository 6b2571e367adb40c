using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Factory.Cli;

/// <summary>
/// The edits <c>--set Field=Value</c> asks for, applied to a payload's JSON. A field must be one the
/// payload has (a dotted path reaches into nested objects); the value keeps the field's JSON kind: text
/// for a string, a number for a number, true/false, or any JSON for the rest. Whether the edited payload
/// is valid (its data annotations) is for the gate store to judge, as it judges every edit.
/// </summary>
internal static class PayloadEdit
{
    public static JsonNode Apply(string payloadJson, IReadOnlyList<string> sets)
    {
        JsonNode root = JsonNode.Parse(payloadJson) ?? throw CliException.Refused("The payload is null: there is nothing to --set; approve it as it is or reject it.");
        foreach (string set in sets)
        {
            int equals = set.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw CliException.Usage($"--set {set} is not Field=Value: write e.g. --set Amount=120.50.");
            }

            Set(root, set[..equals].Trim(), set[(equals + 1)..]);
        }

        return root;
    }

    private static void Set(JsonNode root, string path, string value)
    {
        JsonObject parent = root as JsonObject ?? throw CliException.Refused($"--set {path}: the payload is not an object with fields.");
        string[] names = path.Split('.');
        for (int i = 0; i < names.Length; i++)
        {
            string name = Field(parent, names[i], path);
            if (i == names.Length - 1)
            {
                parent[name] = Value(parent[name], value, path);
                return;
            }

            parent = parent[name] as JsonObject ?? throw CliException.Usage($"--set {path}: {name} is not an object, so it has no field {names[i + 1]}.");
        }
    }

    /// <summary>The payload's own name for a field, matched without regard to case.</summary>
    private static string Field(JsonObject parent, string name, string path)
    {
        foreach (KeyValuePair<string, JsonNode?> field in parent)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return field.Key;
            }
        }

        throw CliException.Usage($"--set {path}: the payload has no field {name}; its fields are {string.Join(", ", parent.Select(f => f.Key))}.");
    }

    private static JsonNode? Value(JsonNode? current, string text, string path)
    {
        JsonValueKind kind = current?.GetValueKind() ?? JsonValueKind.Null;
        if (kind == JsonValueKind.String)
        {
            return JsonValue.Create(text);
        }

        try
        {
            JsonNode? value = JsonNode.Parse(text);
            JsonValueKind parsed = value?.GetValueKind() ?? JsonValueKind.Null;
            bool fits = kind switch
            {
                JsonValueKind.Number => parsed == JsonValueKind.Number,
                JsonValueKind.True or JsonValueKind.False => parsed is JsonValueKind.True or JsonValueKind.False,
                _ => true,
            };
            return fits ? value : throw CliException.Usage($"--set {path}={text}: {path} is a {Kind(kind)}, and {text} is not.");
        }
        catch (JsonException)
        {
            throw CliException.Usage($"--set {path}={text}: {path} is a {Kind(kind)}, and {text} is not (quote JSON text as '\"...\"').");
        }
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Object => "JSON object",
        JsonValueKind.Array => "JSON array",
        _ => "JSON value",
    };
}
