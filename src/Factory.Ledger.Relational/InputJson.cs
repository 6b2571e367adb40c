using System;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Factory.Ledger.Relational;

/// <summary>
/// A material's value as the ledger keeps it: JSON through the run's resolver (source-generated, no
/// reflection), with the job's secret values redacted. An input's hash is taken over it
/// (<see cref="InputHasher"/>); a dead letter keeps it so a replay can run the input again.
/// </summary>
internal static class InputJson
{
    /// <summary>Serializer options over <paramref name="resolver"/> (a context's own options), or null for none.</summary>
    public static JsonSerializerOptions? Options(IJsonTypeInfoResolver? resolver)
    {
        if (resolver is null)
        {
            return null;
        }

        if (resolver is System.Text.Json.Serialization.JsonSerializerContext context)
        {
            return context.Options;
        }

        var json = new JsonSerializerOptions { TypeInfoResolver = resolver };
        json.MakeReadOnly();
        return json;
    }

    /// <summary>
    /// The copy of <paramref name="letter"/>'s input its row keeps, with the value's run-time type and
    /// why there is no JSON when there is none (no input, no resolver, a type not in it, a failure).
    /// </summary>
    public static (DeadLetterInputStatus Status, string? Json, string? ClrType) ForDeadLetter(RunRecorder run, DeadLetter letter) => Of(run, letter.Input);

    /// <summary>The JSON the ledger keeps of <paramref name="value"/> (a dead letter's input, a sample's input or output), as <see cref="ForDeadLetter"/> says.</summary>
    public static (DeadLetterInputStatus Status, string? Json, string? ClrType) Of(RunRecorder run, object? value)
    {
        if (value is null)
        {
            return (DeadLetterInputStatus.None, null, null);
        }

        Type type = value.GetType();
        string clrType = type.FullName ?? type.Name;
        if (run.Json is null)
        {
            return (DeadLetterInputStatus.NoResolver, null, clrType);
        }

        try
        {
            if (!run.Json.TryGetTypeInfo(type, out JsonTypeInfo? info))
            {
                return (DeadLetterInputStatus.TypeNotInResolver, null, clrType);
            }

            return (DeadLetterInputStatus.Serialized, run.Redactor.Redact(JsonSerializer.Serialize(value, info)), clrType);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            return (DeadLetterInputStatus.SerializationFailed, run.Redactor.Redact($"{exception.GetType().FullName}: {exception.Message}"), clrType);
        }
    }
}
