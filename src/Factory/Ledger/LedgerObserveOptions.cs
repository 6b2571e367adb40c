using System.Text.Json.Serialization.Metadata;

namespace Factory.Ledger;

/// <summary>How one run is recorded; anything left null takes the ledger's default.</summary>
public sealed record LedgerObserveOptions
{
    /// <summary>How much provenance to record.</summary>
    public ProvenanceLevel? Provenance { get; init; }

    /// <summary>
    /// Source-generated JSON metadata for the line's input types (a <c>JsonSerializerContext</c>):
    /// dead letters keep their input as JSON through it, and inputs are hashed through it. A type it
    /// does not know is recorded by name only; its dead letters are kept, not dropped.
    /// </summary>
    public IJsonTypeInfoResolver? Inputs { get; init; }

    /// <summary>
    /// How many crashes of the process an input may be in a station for before it no longer runs and
    /// becomes a dead letter (<see cref="Factory.Ledger.CrashLimit"/>); null takes the ledger's.
    /// </summary>
    public int? CrashLimit { get; init; }

    /// <summary>
    /// Keeps each input's JSON beside its row, through <see cref="Inputs"/> (or the ledger's), as a dead
    /// letter keeps its input: <c>[Sensitive]</c> members blanked and the job's secrets redacted. The
    /// run can then be read back as an experiment's inputs (<c>RecordedInputs.LoadAsync</c>). Refused at
    /// the run's start without a resolver; an input whose type the resolver does not list is kept without JSON.
    /// </summary>
    public bool KeepInputs { get; init; }

    /// <summary>Who starts the run: named in the audit entry of a resume.</summary>
    public string? Actor { get; init; }

    /// <summary>
    /// True for a worker of a run another observer holds (another process, usually: what broker workers
    /// are): it records the materials, attempts, dead letters and input outcomes of what it processes,
    /// and takes no lease, does not resume, count crashes or end the run — the holder does. The run must
    /// exist and be running, with the same line class and tenant. An input several workers process gets
    /// one outcome, the first committed (see docs/ledger.md, "Many processes").
    /// </summary>
    public bool Join { get; init; }

    /// <summary>Set by <see cref="DeadLetterReplay"/>: the run replays these dead letters.</summary>
    public ReplayRequest? Replay { get; init; }
}
