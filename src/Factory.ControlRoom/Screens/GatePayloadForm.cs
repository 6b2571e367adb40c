using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Factory.Gates;

namespace Factory.ControlRoom;

/// <summary>
/// A gate's payload as a form: one field per member of its JSON (text, number, yes/no), nested values
/// shown as they are. An edit is read back into the payload's type through the source-generated JSON
/// metadata (no reflection), and the gate store checks it against the type's data annotations.
/// </summary>
internal static class GatePayloadForm
{
    public const string FieldPrefix = "field.";

    /// <summary>The payload as a JSON object, or null when it cannot be shown as one.</summary>
    public static JsonElement? Json(object? payload, IJsonTypeInfoResolver? resolver)
    {
        if (payload is JsonElement element)
        {
            return element;
        }

        if (payload is null || resolver is null)
        {
            return null;
        }

        var options = new JsonSerializerOptions { TypeInfoResolver = resolver };
        if (!options.TryGetTypeInfo(payload.GetType(), out JsonTypeInfo? info))
        {
            return null;
        }

        using JsonDocument document = JsonDocument.Parse(JsonSerializer.Serialize(payload, info));
        return document.RootElement.Clone();
    }

    public static void Write(Html html, JsonElement payload, IReadOnlyList<string>? problems, bool editable)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            html.Element("pre", JsonText.Pretty(payload), ("class", "value"));
            return;
        }

        foreach (JsonProperty property in payload.EnumerateObject())
        {
            string name = FieldPrefix + property.Name;
            html.Open("label").Element("span", property.Name);
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    html.Void("input", ("name", name), ("value", property.Value.GetString()), ("readonly", editable ? null : "readonly"));
                    break;
                case JsonValueKind.Number:
                    html.Void("input", ("name", name), ("type", "number"), ("step", "any"), ("value", property.Value.GetRawText()), ("readonly", editable ? null : "readonly"));
                    break;
                case JsonValueKind.True:
                case JsonValueKind.False:
                    bool on = property.Value.ValueKind == JsonValueKind.True;
                    html.Open("select", ("name", name), ("disabled", editable ? null : "disabled"))
                        .Element("option", "yes", ("value", "true"), ("selected", on ? "selected" : null))
                        .Element("option", "no", ("value", "false"), ("selected", on ? null : "selected"))
                        .Close("select");
                    break;
                default:
                    html.Element("code", JsonText.Pretty(property.Value));
                    break;
            }

            html.Close("label");
        }

        if (problems is { Count: > 0 })
        {
            html.Open("ul", ("class", "error"));
            foreach (string problem in problems)
            {
                html.Element("li", problem);
            }

            html.Close("ul");
        }
    }

    /// <summary>
    /// The payload with the form's fields applied as JSON, or null when no field changed. A field that
    /// does not read as its member's kind (a number that is not one) gives a problem instead.
    /// </summary>
    public static string? Edited(JsonElement payload, Func<string, string?> field, out string? problem)
    {
        problem = null;
        bool changed = false;
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (JsonProperty property in payload.EnumerateObject())
            {
                string? value = field(FieldPrefix + property.Name);
                json.WritePropertyName(property.Name);
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String when value is not null:
                        changed |= value != property.Value.GetString();
                        json.WriteStringValue(value);
                        break;
                    case JsonValueKind.Number when value is not null:
                        if (!decimal.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out decimal number))
                        {
                            problem = $"{property.Name} must be a number";
                            return null;
                        }

                        changed |= number != property.Value.GetDecimal();
                        json.WriteNumberValue(number);
                        break;
                    case JsonValueKind.True or JsonValueKind.False when value is "true" or "false":
                        changed |= (value == "true") != (property.Value.ValueKind == JsonValueKind.True);
                        json.WriteBooleanValue(value == "true");
                        break;
                    default:
                        property.Value.WriteTo(json);
                        break;
                }
            }

            json.WriteEndObject();
        }

        return changed ? Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) : null;
    }

    /// <summary>The edited JSON read as the gate's payload type, or why it cannot be.</summary>
    public static object? Read(string json, GateItem item, IJsonTypeInfoResolver? resolver, out string? problem)
    {
        problem = null;
        Type? type = item.Payload is JsonElement or null ? null : item.Payload.GetType();
        GatePayloadCheck? check = type is null ? null : GatePayloadChecks.Find(GatePayloadChecks.TypeName(type));
        type = check?.ClrType ?? type;
        var options = resolver is null ? null : new JsonSerializerOptions { TypeInfoResolver = resolver };
        if (type is null || options is null || !options.TryGetTypeInfo(type, out JsonTypeInfo? info))
        {
            problem = $"This process cannot read an edit of {item.Key} back into its payload type: give the type's JSON metadata as ControlRoomOptions.Json and register the gate's payload check (GatePayloadChecks.Register), or approve it as it is.";
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, info);
        }
        catch (JsonException exception)
        {
            problem = $"The edit does not read as {type.Name}: {exception.Message}";
            return null;
        }
    }
}
