using System;

namespace Factory.Ledger.Relational;

/// <summary>How enums are written in the database: short lower-case words a person can query by.</summary>
internal static class Names
{
    public static string Of(RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Completed => "completed",
        RunStatus.Cancelled => "cancelled",
        RunStatus.DeadlineExceeded => "deadline-exceeded",
        RunStatus.Failed => "failed",
        RunStatus.AwaitingDecision => "awaiting-decision",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static RunStatus ParseRunStatus(string text) => text switch
    {
        "running" => RunStatus.Running,
        "completed" => RunStatus.Completed,
        "cancelled" => RunStatus.Cancelled,
        "deadline-exceeded" => RunStatus.DeadlineExceeded,
        "failed" => RunStatus.Failed,
        "awaiting-decision" => RunStatus.AwaitingDecision,
        _ => throw Unknown(text),
    };

    public static string Of(InputOutcome outcome) => outcome switch
    {
        InputOutcome.Delivered => "delivered",
        InputOutcome.DeadLettered => "dead-lettered",
        InputOutcome.Discarded => "discarded",
        InputOutcome.Filtered => "filtered",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static InputOutcome ParseInputOutcome(string text) => text switch
    {
        "delivered" => InputOutcome.Delivered,
        "dead-lettered" => InputOutcome.DeadLettered,
        "discarded" => InputOutcome.Discarded,
        "filtered" => InputOutcome.Filtered,
        _ => throw Unknown(text),
    };

    public static string Of(MaterialOutcome outcome) => outcome switch
    {
        MaterialOutcome.Delivered => "delivered",
        MaterialOutcome.DeadLettered => "dead-lettered",
        MaterialOutcome.Discarded => "discarded",
        MaterialOutcome.Split => "split",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static MaterialOutcome ParseMaterialOutcome(string text) => text switch
    {
        "delivered" => MaterialOutcome.Delivered,
        "dead-lettered" => MaterialOutcome.DeadLettered,
        "discarded" => MaterialOutcome.Discarded,
        "split" => MaterialOutcome.Split,
        _ => throw Unknown(text),
    };

    public static string Of(ExecutionOutcome outcome) => outcome switch
    {
        ExecutionOutcome.Succeeded => "succeeded",
        ExecutionOutcome.Failed => "failed",
        ExecutionOutcome.TimedOut => "timed-out",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static ExecutionOutcome ParseExecutionOutcome(string text) => text switch
    {
        "succeeded" => ExecutionOutcome.Succeeded,
        "failed" => ExecutionOutcome.Failed,
        "timed-out" => ExecutionOutcome.TimedOut,
        _ => throw Unknown(text),
    };

    public static string Of(DeadLetterStatus status) => status switch
    {
        DeadLetterStatus.Open => "open",
        DeadLetterStatus.Replayed => "replayed",
        DeadLetterStatus.Discarded => "discarded",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static DeadLetterStatus ParseDeadLetterStatus(string text) => text switch
    {
        "open" => DeadLetterStatus.Open,
        "replayed" => DeadLetterStatus.Replayed,
        "discarded" => DeadLetterStatus.Discarded,
        _ => throw Unknown(text),
    };

    public static string Of(DeadLetterInputStatus status) => status switch
    {
        DeadLetterInputStatus.Serialized => "serialized",
        DeadLetterInputStatus.TypeNotInResolver => "type-not-in-resolver",
        DeadLetterInputStatus.NoResolver => "no-resolver",
        DeadLetterInputStatus.SerializationFailed => "serialization-failed",
        DeadLetterInputStatus.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static DeadLetterInputStatus ParseDeadLetterInputStatus(string text) => text switch
    {
        "serialized" => DeadLetterInputStatus.Serialized,
        "type-not-in-resolver" => DeadLetterInputStatus.TypeNotInResolver,
        "no-resolver" => DeadLetterInputStatus.NoResolver,
        "serialization-failed" => DeadLetterInputStatus.SerializationFailed,
        "none" => DeadLetterInputStatus.None,
        _ => throw Unknown(text),
    };

    public static string Of(ProvenanceLevel level) => level switch
    {
        ProvenanceLevel.None => "none",
        ProvenanceLevel.Summary => "summary",
        ProvenanceLevel.Full => "full",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static ProvenanceLevel ParseProvenanceLevel(string text) => text switch
    {
        "none" => ProvenanceLevel.None,
        "summary" => ProvenanceLevel.Summary,
        "full" => ProvenanceLevel.Full,
        _ => throw Unknown(text),
    };

    private static LedgerException Unknown(string text) => new($"The ledger holds a value this version does not know: '{text}'.");
}
