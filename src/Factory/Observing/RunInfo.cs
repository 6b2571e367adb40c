using System;

namespace Factory;

/// <summary>Which run an observer hears about.</summary>
/// <param name="RunId">The run's id (the same when a run is resumed).</param>
/// <param name="Line">The line.</param>
/// <param name="Job">The job order.</param>
/// <param name="Started">When this start of the run began.</param>
public sealed record RunInfo(string RunId, LineDescriptor Line, JobOrder Job, DateTimeOffset Started)
{
    /// <summary>Pauses, resumes or cancels the run; null where the run is not this process's to control (a remote station's part).</summary>
    public IRunControl? Control { get; init; }

    /// <summary>The run's andons, which reviews recorded while it is live count in; null where the run is not this process's (a remote station's part).</summary>
    public Quality.IRunReviews? Reviews { get; init; }

    // The line's first step's redaction, boxed: set by the run that admits the inputs.
    internal Func<object?, object?>? Keeper { get; init; }

    /// <summary>
    /// An input of the run as a dead letter keeps it: a copy with its <c>[Sensitive]</c> members blanked,
    /// null for a type that has some but is not a record (it cannot be copied), the input itself for a
    /// type without any. A ledger that keeps inputs (<c>LedgerObserveOptions.KeepInputs</c>) keeps this.
    /// Where the run is not this process's to admit (a remote station's part) it knows no redaction and
    /// gives null.
    /// </summary>
    public object? KeepInput(object? input) => input is null || Keeper is null ? null : Keeper(input);
}
