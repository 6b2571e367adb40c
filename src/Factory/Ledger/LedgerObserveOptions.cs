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

    /// <summary>Who starts the run: named in the audit entry of a resume.</summary>
    public string? Actor { get; init; }

    /// <summary>Set by <see cref="DeadLetterReplay"/>: the run replays these dead letters.</summary>
    public ReplayRequest? Replay { get; init; }
}
