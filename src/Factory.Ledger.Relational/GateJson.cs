using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Factory.Gates;

namespace Factory.Ledger.Relational;

/// <summary>
/// Payloads parked at gates as the ledger keeps them: JSON through the ledger's <c>Inputs</c> resolver
/// (source-generated, no reflection), secret values redacted, read back as the gate's payload type.
/// </summary>
internal sealed class GateJson(IJsonTypeInfoResolver? resolver, string ledgerType)
{
    private readonly JsonSerializerOptions? options = InputJson.Options(resolver);

    /// <summary>The payload's JSON; refuses, naming the type and the fix, when the resolver does not list it.</summary>
    public string Write(GateItemKey key, object? payload, Type payloadType, SecretRedactor redactor)
    {
        if (payload is null)
        {
            return "null";
        }

        JsonTypeInfo info = Info(payloadType) ?? throw new LedgerException(
            $"Gate '{key.Gate}' of run {key.RunId} cannot park material {key.MaterialId} in the ledger: its payload type {GatePayloadChecks.TypeName(payloadType)} "
            + $"is not listed by the resolver given as {ledgerType}Options.Inputs. Add [JsonSerializable(typeof({payloadType.Name}))] to that JsonSerializerContext.");
        string json = JsonSerializer.Serialize(payload, info);
        return redactor.IsEmpty ? json : redactor.Redact(json);
    }

    /// <summary>The value at <paramref name="json"/> as <paramref name="type"/>, or as a <see cref="JsonElement"/> when no type is known.</summary>
    public object? Read(string json, Type? type, GateItemKey key)
    {
        if (type is null)
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }

        JsonTypeInfo info = Info(type) ?? throw new LedgerException(
            $"The ledger cannot read back the payload of {key}: its type {GatePayloadChecks.TypeName(type)} is not listed by the resolver given as {ledgerType}Options.Inputs.");
        return JsonSerializer.Deserialize(json, info);
    }

    /// <summary>What the approvers see, as JSON: null when it is the payload itself; a string as a JSON string.</summary>
    public string? WritePresented(object? presented, object? payload, SecretRedactor redactor)
    {
        if (presented is null || ReferenceEquals(presented, payload))
        {
            return null;
        }

        string json = presented is string text
            ? JsonString(text)
            : Info(presented.GetType()) is { } info ? JsonSerializer.Serialize(presented, info) : JsonString(presented.ToString() ?? string.Empty);
        return redactor.IsEmpty ? json : redactor.Redact(json);
    }

    /// <summary>What approvers see, read back: a string, or the JSON.</summary>
    public static object? ReadPresented(string? json, object? payload)
    {
        if (json is null)
        {
            return payload;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString() : document.RootElement.Clone();
    }

    public static string WriteApprovers(IReadOnlyList<string> approvers)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (string approver in approvers)
            {
                json.WriteStringValue(approver);
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string[] ReadApprovers(string json)
    {
        using var document = JsonDocument.Parse(json);
        var approvers = new List<string>();
        foreach (JsonElement approver in document.RootElement.EnumerateArray())
        {
            approvers.Add(approver.GetString() ?? string.Empty);
        }

        return [.. approvers];
    }

    private static string JsonString(string text)
    {
        var buffer = new ArrayBufferWriter<byte>(text.Length + 2);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private JsonTypeInfo? Info(Type type)
    {
        try
        {
            return options is not null && options.TryGetTypeInfo(type, out JsonTypeInfo? info) ? info : null;
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}
