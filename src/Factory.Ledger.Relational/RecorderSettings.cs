using System;
using System.Text.Json.Serialization.Metadata;

namespace Factory.Ledger.Relational;

/// <summary>
/// How a ledger records, whatever its database: what the shared recorder, writer and run starts read.
/// Each ledger maps its public options onto it (<c>SqliteLedgerOptions</c>, <c>PostgresLedgerOptions</c>).
/// </summary>
internal sealed record RecorderSettings(
    ProvenanceLevel Provenance,
    IJsonTypeInfoResolver? Inputs,
    int BatchSize,
    int MaxPending,
    string DefaultActor,
    TimeSpan LeaseDuration,
    int CrashLimit,
    TimeProvider Clock)
{
    /// <summary>
    /// How long the writer waits out a database that is away (transient errors, <see cref="LedgerStore.IsTransient"/>)
    /// before it fails: it retries the same batch with backoff meanwhile, and the stations wait on <see cref="MaxPending"/>.
    /// </summary>
    public TimeSpan ReconnectWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Refuses settings no ledger can work with; <paramref name="parameter"/> is the options' parameter name.</summary>
    public RecorderSettings Validate(string parameter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, parameter);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPending, 1, parameter);
        ArgumentOutOfRangeException.ThrowIfLessThan(LeaseDuration, TimeSpan.FromMilliseconds(100), parameter);
        ArgumentOutOfRangeException.ThrowIfLessThan(CrashLimit, 1, parameter);
        ArgumentNullException.ThrowIfNull(Clock, parameter);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectWait, TimeSpan.Zero, parameter);
        return this;
    }
}
