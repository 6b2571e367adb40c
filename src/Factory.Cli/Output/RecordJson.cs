using System.Text.Json;
using Factory.Ledger;

namespace Factory.Cli.Output;

/// <summary>
/// The JSON of each record <c>--output json</c> prints: camelCase names, states as the words the
/// tables use, times ISO 8601 UTC. This is the stable schema docs/cli.md documents and a test pins:
/// add fields, never rename or remove one.
/// </summary>
internal static class RecordJson
{
    public static void Run(Utf8JsonWriter json, RunRecord run)
    {
        json.WriteStartObject();
        json.WriteString("runId", run.RunId);
        json.WriteString("line", run.Line);
        json.WriteString("lineHash", run.LineHash);
        json.WriteString("tenant", run.Job.Tenant);
        json.WriteString("jobId", run.Job.Id);
        json.WriteString("status", Words.Of(run.Status));
        json.WriteString("started", Words.Time(run.Started));
        Time(json, "ended", run.Ended);
        json.WriteNumber("starts", run.Starts);
        json.WriteNumber("inputs", run.Inputs);
        json.WriteNumber("inputsDone", run.InputsDone);
        json.WriteNumber("deadLetters", run.DeadLetters);
        json.WriteString("error", run.Error);
        json.WriteEndObject();
    }

    public static void Material(Utf8JsonWriter json, MaterialRecord material)
    {
        json.WriteStartObject();
        json.WriteNumber("id", material.Id);
        json.WriteNumber("parentId", material.ParentId);
        json.WriteNumber("root", material.Root);
        json.WriteNumber("sequence", material.Sequence);
        json.WriteString("outcome", material.Outcome is { } outcome ? Words.Of(outcome) : null);
        json.WriteString("station", material.Station);
        json.WriteEndObject();
    }

    public static void Attempt(Utf8JsonWriter json, ExecutionRecord attempt)
    {
        json.WriteStartObject();
        json.WriteString("station", attempt.Station);
        json.WriteString("version", attempt.StationVersion);
        json.WriteNumber("attempt", attempt.Attempt);
        json.WriteNumber("start", attempt.Start);
        json.WriteString("started", Words.Time(attempt.Started));
        json.WriteNumber("durationMs", attempt.Duration.TotalMilliseconds);
        json.WriteString("outcome", Words.Of(attempt.Outcome));
        json.WriteString("exceptionType", attempt.ExceptionType);
        json.WriteString("message", attempt.Message);
        json.WriteString("model", attempt.Model);
        json.WriteNumber("inputTokens", attempt.InputTokens);
        json.WriteNumber("outputTokens", attempt.OutputTokens);
        json.WriteEndObject();
    }

    public static void DeadLetter(Utf8JsonWriter json, DeadLetterRecord letter, bool withInput)
    {
        json.WriteStartObject();
        json.WriteNumber("id", letter.Id);
        json.WriteString("runId", letter.RunId);
        json.WriteString("tenant", letter.Tenant);
        json.WriteString("line", letter.Line);
        json.WriteNumber("materialId", letter.MaterialId);
        json.WriteString("station", letter.Station);
        json.WriteString("stationVersion", letter.StationVersion);
        json.WriteNumber("attempts", letter.Attempts);
        json.WriteString("exceptionType", letter.ExceptionType);
        json.WriteString("message", letter.Message);
        json.WriteString("time", Words.Time(letter.Time));
        json.WriteString("status", Words.Of(letter.Status));
        json.WriteString("inputType", letter.InputType);
        json.WriteString("inputStatus", Words.Of(letter.InputStatus));
        json.WriteString("resolvedBy", letter.ResolvedBy);
        Time(json, "resolvedAt", letter.ResolvedAt);
        json.WriteString("reason", letter.Reason);
        json.WriteString("replayRunId", letter.ReplayRunId);
        if (withInput)
        {
            json.WritePropertyName("input");
            Value(json, letter.InputJson);
        }

        json.WriteEndObject();
    }

    public static void Audit(Utf8JsonWriter json, AuditEntry entry)
    {
        json.WriteStartObject();
        json.WriteNumber("id", entry.Id);
        json.WriteString("time", Words.Time(entry.Time));
        json.WriteString("actor", entry.Actor);
        json.WriteString("action", entry.Action);
        json.WriteString("tenant", entry.Tenant);
        json.WriteString("target", entry.Target);
        json.WriteString("detail", entry.Detail);
        json.WriteEndObject();
    }

    /// <summary>A value the ledger keeps as JSON, written as JSON (never as an escaped string); null when there is none.</summary>
    public static void Value(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            document.WriteTo(json);
        }
        catch (JsonException)
        {
            json.WriteStringValue(value);
        }
    }

    public static void Time(Utf8JsonWriter json, string name, System.DateTimeOffset? time)
    {
        if (time is { } value)
        {
            json.WriteString(name, Words.Time(value));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
