using System;
using System.Globalization;
using Factory.Ledger;
using Spectre.Console;

namespace Factory.Cli.Output;

/// <summary>
/// The words the command line prints and takes for the ledger's states (kebab case, as the ledger's
/// tables hold them): one mapping both ways, written out so nothing is read by reflection.
/// </summary>
internal static class Words
{
    public static string Of(RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Completed => "completed",
        RunStatus.Cancelled => "cancelled",
        RunStatus.DeadlineExceeded => "deadline-exceeded",
        RunStatus.Failed => "failed",
        _ => "awaiting-decision",
    };

    public static string Of(MaterialOutcome outcome) => outcome switch
    {
        MaterialOutcome.Delivered => "delivered",
        MaterialOutcome.DeadLettered => "dead-lettered",
        MaterialOutcome.Discarded => "discarded",
        _ => "split",
    };

    public static string Of(InputOutcome outcome) => outcome switch
    {
        InputOutcome.Delivered => "delivered",
        InputOutcome.DeadLettered => "dead-lettered",
        InputOutcome.Discarded => "discarded",
        _ => "filtered",
    };

    public static string Of(ExecutionOutcome outcome) => outcome switch
    {
        ExecutionOutcome.Succeeded => "succeeded",
        ExecutionOutcome.Failed => "failed",
        _ => "timed-out",
    };

    public static string Of(DeadLetterStatus status) => status switch
    {
        DeadLetterStatus.Open => "open",
        DeadLetterStatus.Replayed => "replayed",
        _ => "discarded",
    };

    public static string Of(DeadLetterInputStatus status) => status switch
    {
        DeadLetterInputStatus.Serialized => "serialized",
        DeadLetterInputStatus.TypeNotInResolver => "type-not-in-resolver",
        DeadLetterInputStatus.NoResolver => "no-resolver",
        DeadLetterInputStatus.SerializationFailed => "serialization-failed",
        _ => "none",
    };

    public static RunStatus ParseRunStatus(string word) => word switch
    {
        "running" => RunStatus.Running,
        "completed" => RunStatus.Completed,
        "cancelled" => RunStatus.Cancelled,
        "deadline-exceeded" => RunStatus.DeadlineExceeded,
        "failed" => RunStatus.Failed,
        "awaiting-decision" => RunStatus.AwaitingDecision,
        _ => throw CliException.Usage($"--state {word} is not a run state: give running, completed, cancelled, deadline-exceeded, failed or awaiting-decision."),
    };

    public static MaterialOutcome ParseMaterialOutcome(string word) => word switch
    {
        "delivered" => MaterialOutcome.Delivered,
        "dead-lettered" => MaterialOutcome.DeadLettered,
        "discarded" => MaterialOutcome.Discarded,
        "split" => MaterialOutcome.Split,
        _ => throw CliException.Usage($"--outcome {word} is not a material outcome: give delivered, dead-lettered, discarded or split."),
    };

    /// <summary>A dead letter status, or null for "all".</summary>
    public static DeadLetterStatus? ParseDeadLetterStatus(string word) => word switch
    {
        "open" => DeadLetterStatus.Open,
        "replayed" => DeadLetterStatus.Replayed,
        "discarded" => DeadLetterStatus.Discarded,
        "all" => null,
        _ => throw CliException.Usage($"--status {word} is not a dead letter status: give open, replayed, discarded or all."),
    };

    /// <summary>Times as the ledger keeps them: ISO 8601, UTC.</summary>
    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? time) => time is { } value ? Time(value) : "-";

    public static string Duration(TimeSpan duration) =>
        duration.TotalSeconds >= 1
            ? duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s"
            : duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";

    /// <summary>A PascalCase member name in the words the JSON uses: <c>AsyncEnumerable</c> is <c>async-enumerable</c>.</summary>
    public static string Kebab(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static Color Colour(string word) => word switch
    {
        "completed" or "delivered" or "succeeded" or "approved" or "replayed" => Color.Green,
        "failed" or "dead-lettered" or "timed-out" or "rejected" or "open" => Color.Red,
        "running" or "awaiting-decision" or "waiting" or "cancelled" or "deadline-exceeded" => Color.Yellow,
        _ => Color.Default,
    };
}
