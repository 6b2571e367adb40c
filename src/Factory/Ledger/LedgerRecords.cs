using System;
using System.Collections.Generic;

namespace Factory.Ledger;

/// <summary>Where a recorded run stands.</summary>
public enum RunStatus
{
    /// <summary>Started and not ended: running now, or interrupted (a crashed process never ends its runs); start it again with the same id to resume.</summary>
    Running,

    /// <summary>Every input reached an outcome.</summary>
    Completed,

    /// <summary>The caller cancelled; unfinished inputs have no outcome and a resume takes them up.</summary>
    Cancelled,

    /// <summary>The job order's deadline passed; unfinished inputs have no outcome and a resume takes them up.</summary>
    DeadlineExceeded,

    /// <summary>The run stopped with an exception (its message is in <see cref="RunRecord.Error"/>).</summary>
    Failed,

    /// <summary>Every input has its outcome but those whose materials wait at gates; start the run again with the same id once they are decided.</summary>
    AwaitingDecision,
}

/// <summary>The one outcome an input ends with, over everything that came of it (its splits' children included).</summary>
public enum InputOutcome
{
    /// <summary>Everything that came of the input left the line.</summary>
    Delivered,

    /// <summary>The input, or at least one material split from it, became a dead letter (budget refusals included).</summary>
    DeadLettered,

    /// <summary>Routes discarded what came of it, and nothing was delivered or dead-lettered.</summary>
    Discarded,

    /// <summary>A split gave nothing for it (a filter), and nothing was delivered, dead-lettered or discarded.</summary>
    Filtered,
}

/// <summary>What became of one material.</summary>
public enum MaterialOutcome
{
    /// <summary>It left the line.</summary>
    Delivered,

    /// <summary>It failed all its attempts, or was refused at the entry.</summary>
    DeadLettered,

    /// <summary>A route dropped it on purpose.</summary>
    Discarded,

    /// <summary>A station split it into children (zero or more), which carry on.</summary>
    Split,
}

/// <summary>Where a dead letter stands.</summary>
public enum DeadLetterStatus
{
    /// <summary>Waiting for someone to replay or discard it.</summary>
    Open,

    /// <summary>Replayed through a line, in the run <see cref="DeadLetterRecord.ReplayRunId"/>.</summary>
    Replayed,

    /// <summary>Discarded by an operator.</summary>
    Discarded,
}

/// <summary>What the ledger holds of a dead letter's input.</summary>
public enum DeadLetterInputStatus
{
    /// <summary>The input, serialized with the resolver given to the ledger: it can be replayed.</summary>
    Serialized,

    /// <summary>The input's type is not in the resolver: the type's name is kept, the value is not. It cannot be replayed.</summary>
    TypeNotInResolver,

    /// <summary>No resolver was given to the ledger: the type's name is kept, the value is not.</summary>
    NoResolver,

    /// <summary>The serializer threw; its message (redacted) is kept in place of the value.</summary>
    SerializationFailed,

    /// <summary>
    /// The dead letter holds no input: a gather that could not complete, a value with <see cref="SensitiveAttribute"/>
    /// members that could not be copied without them, or a null.
    /// </summary>
    None,
}

/// <summary>A run as the ledger holds it.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="Line">The line's name.</param>
/// <param name="LineType">The line class's full name.</param>
/// <param name="LineHash">SHA-256 (hex) of the line's descriptor when the run last started (<see cref="LineFingerprint"/>).</param>
/// <param name="InputType">The line's input type.</param>
/// <param name="Job">The job order as recorded: no secret values.</param>
/// <param name="Provenance">The provenance level of the last start.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Started">When it first started.</param>
/// <param name="LastStarted">When it last started (a resume).</param>
/// <param name="Ended">When it last ended, if it did.</param>
/// <param name="Starts">How many times it was started (1 + resumes).</param>
/// <param name="Error">The failure's message (redacted), for a failed run.</param>
/// <param name="ReplayOf">For a replay run, the dead letters it replays.</param>
public sealed record RunRecord(
    string RunId,
    string Line,
    string LineType,
    string LineHash,
    string InputType,
    JobRecord Job,
    ProvenanceLevel Provenance,
    RunStatus Status,
    DateTimeOffset Started,
    DateTimeOffset LastStarted,
    DateTimeOffset? Ended,
    int Starts,
    string? Error,
    IReadOnlyList<long> ReplayOf)
{
    /// <summary>Inputs that entered the line or were refused, over every start.</summary>
    public long Inputs { get; init; }

    /// <summary>The last pause, resume or cancel asked of the run through the ledger (<see cref="ILedgerView.RequestRunControlAsync"/>), or null.</summary>
    public RunControlRequest? Control { get; init; }

    /// <summary>True once the process holding the run applied <see cref="Control"/>.</summary>
    public bool ControlApplied { get; init; }

    /// <summary>Inputs that have their outcome.</summary>
    public long InputsDone { get; init; }

    /// <summary>Dead letters of the run (any status).</summary>
    public long DeadLetters { get; init; }

    /// <summary>
    /// When <see cref="ILedger.PurgeAsync"/> removed the run's materials and attempts, or null: a purged
    /// run has no materials or provenance to list, while its inputs, outcomes and dead letters remain.
    /// </summary>
    public DateTimeOffset? Purged { get; init; }
}

/// <summary>A job order as the ledger records it: everything but secret values.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Tenant">Its tenant.</param>
/// <param name="Permissions">What it may do.</param>
/// <param name="Budget">Its limits.</param>
/// <param name="Labels">Its labels, secret values redacted.</param>
/// <param name="SecretNames">The names of its secrets (never their values).</param>
public sealed record JobRecord(
    string Id,
    string Tenant,
    IReadOnlyList<string> Permissions,
    JobBudget Budget,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> SecretNames)
{
    /// <summary>Who submitted the job (<see cref="JobOrder.Submitter"/>), or null.</summary>
    public string? Submitter { get; init; }
}

/// <summary>One input of a run: the unit of resume.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Sequence">Its position in the run's input.</param>
/// <param name="MaterialId">Its material id (sequence + 1).</param>
/// <param name="InputHash">SHA-256 (hex) of its JSON, secrets redacted, when the resolver knows its type and the level is not <see cref="ProvenanceLevel.None"/>.</param>
/// <param name="Entries">How many starts of the run let it in: more than 1 when it was in flight at a crash.</param>
/// <param name="Outcome">Its outcome, or null while it has none (in flight, or the run stopped first).</param>
/// <param name="Finished">When it got its outcome.</param>
/// <param name="Delivered">Materials of it that left the line.</param>
/// <param name="DeadLettered">Materials of it that became dead letters.</param>
/// <param name="Discarded">Materials of it that routes discarded.</param>
public sealed record InputRecord(
    string RunId,
    long Sequence,
    long MaterialId,
    string? InputHash,
    int Entries,
    InputOutcome? Outcome,
    DateTimeOffset? Finished,
    int Delivered,
    int DeadLettered,
    int Discarded)
{
    /// <summary>How many times the process died while the input was in a station (the crash limit counts these).</summary>
    public int Crashes { get; init; }

    /// <summary>
    /// The input as JSON, for a run recorded with <see cref="LedgerObserveOptions.KeepInputs"/>: its
    /// <c>[Sensitive]</c> members blanked and the job's secrets redacted, as a dead letter keeps it; null otherwise.
    /// </summary>
    public string? InputJson { get; init; }
}

/// <summary>One material of a run (levels <see cref="ProvenanceLevel.Summary"/> and <see cref="ProvenanceLevel.Full"/>).</summary>
/// <param name="RunId">The run.</param>
/// <param name="Id">The material's id.</param>
/// <param name="ParentId">The material it was split from, or 0.</param>
/// <param name="Root">The input position it descends from.</param>
/// <param name="Sequence">Its position in the input (a root) or in its parent's split.</param>
/// <param name="InputHash">SHA-256 of the input's JSON, for roots.</param>
/// <param name="Outcome">What became of it, once known.</param>
/// <param name="Station">The station of its outcome (where it split, failed or was routed), when there is one.</param>
public sealed record MaterialRecord(string RunId, long Id, long ParentId, long Root, long Sequence, string? InputHash, MaterialOutcome? Outcome, string? Station);

/// <summary>One attempt of one station on one material: a provenance record.</summary>
/// <param name="RunId">The run.</param>
/// <param name="MaterialId">The material.</param>
/// <param name="Root">The input position it descends from.</param>
/// <param name="Station">The station's path.</param>
/// <param name="StationVersion">The station's version.</param>
/// <param name="Attempt">The attempt, from 1.</param>
/// <param name="Started">When the attempt started.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="ExceptionType">The exception's type when it failed.</param>
/// <param name="Message">The exception's message, redacted.</param>
/// <param name="Model">The model, for a thinking unit.</param>
/// <param name="InputTokens">Model input tokens.</param>
/// <param name="OutputTokens">Model output tokens.</param>
/// <param name="Start">Which start of the run made it (1 for the first, 2 for the first resume, ...).</param>
public sealed record ExecutionRecord(
    string RunId,
    long MaterialId,
    long Root,
    string Station,
    string StationVersion,
    int Attempt,
    DateTimeOffset Started,
    TimeSpan Duration,
    ExecutionOutcome Outcome,
    string? ExceptionType,
    string? Message,
    string? Model,
    long InputTokens,
    long OutputTokens,
    int Start);

/// <summary>A dead letter as the ledger holds it.</summary>
/// <param name="Id">The ledger's id for it: what inspect, replay and discard take.</param>
/// <param name="RunId">The run it came from.</param>
/// <param name="Tenant">The tenant of that run's job order.</param>
/// <param name="JobId">That job order's id.</param>
/// <param name="Line">The line's name.</param>
/// <param name="MaterialId">The material that failed.</param>
/// <param name="ParentId">Its parent, or 0.</param>
/// <param name="Root">The input position it descends from.</param>
/// <param name="Station">The station where it failed (<c>(entry)</c> for a budget refusal).</param>
/// <param name="StationVersion">That station's version.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="ExceptionType">The last exception's type.</param>
/// <param name="Message">The last exception's message, secrets redacted.</param>
/// <param name="Time">When it failed.</param>
/// <param name="InputType">The station's input type as the line's descriptor names it: a replay line must take this type.</param>
/// <param name="InputClrType">The input value's run-time type, when there was a value.</param>
/// <param name="InputStatus">What the ledger holds of the input.</param>
/// <param name="InputJson">The input as JSON (secrets redacted) when <paramref name="InputStatus"/> is <see cref="DeadLetterInputStatus.Serialized"/>.</param>
/// <param name="Status">Open, replayed or discarded.</param>
/// <param name="ResolvedBy">Who replayed or discarded it.</param>
/// <param name="ResolvedAt">When.</param>
/// <param name="Reason">The reason given for the replay or discard.</param>
/// <param name="ReplayRunId">The run that replayed it.</param>
/// <param name="ReplayOutcome">The outcome of its input in that run, once known.</param>
public sealed record DeadLetterRecord(
    long Id,
    string RunId,
    string Tenant,
    string JobId,
    string Line,
    long MaterialId,
    long ParentId,
    long Root,
    string Station,
    string StationVersion,
    int Attempts,
    string ExceptionType,
    string Message,
    DateTimeOffset Time,
    string InputType,
    string? InputClrType,
    DeadLetterInputStatus InputStatus,
    string? InputJson,
    DeadLetterStatus Status,
    string? ResolvedBy,
    DateTimeOffset? ResolvedAt,
    string? Reason,
    string? ReplayRunId,
    InputOutcome? ReplayOutcome)
{
    /// <summary>True when the ledger holds the input and the letter is still open.</summary>
    public bool CanReplay => Status == DeadLetterStatus.Open && InputStatus == DeadLetterInputStatus.Serialized;
}

/// <summary>One entry of the append-only audit: who did what to what.</summary>
/// <param name="Id">Its position in the audit.</param>
/// <param name="Time">When.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Action">What (<see cref="AuditActions"/>).</param>
/// <param name="Tenant">The tenant it concerns, if one.</param>
/// <param name="Target">What it was done to: a run id, <c>dead-letter:ID</c>, or <c>ledger</c> (the ledger as a whole: upgrades, purges).</param>
/// <param name="Detail">More, redacted: a reason, the replay's run id.</param>
public sealed record AuditEntry(long Id, DateTimeOffset Time, string Actor, string Action, string? Tenant, string Target, string? Detail);
