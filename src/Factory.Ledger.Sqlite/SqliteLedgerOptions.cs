using System;
using System.Text.Json.Serialization.Metadata;

namespace Factory.Ledger.Sqlite;

/// <summary>How a <see cref="SqliteLedger"/> records.</summary>
public sealed record SqliteLedgerOptions
{
    /// <summary>The provenance level of runs that do not choose one. <see cref="ProvenanceLevel.Full"/> by default.</summary>
    public ProvenanceLevel Provenance { get; init; } = ProvenanceLevel.Full;

    /// <summary>Source-generated JSON metadata for input types (a <c>JsonSerializerContext</c>), for runs that do not give their own.</summary>
    public IJsonTypeInfoResolver? Inputs { get; init; }

    /// <summary>
    /// <c>synchronous</c> for every write that resume, dead letters or the audit depend on: run starts
    /// and ends, inputs' outcomes, dead letters, replays, discards and audit entries.
    /// <see cref="SqliteSynchronous.Full"/> by default; weaker settings can lose those on power loss (see docs/ledger.md).
    /// </summary>
    public SqliteSynchronous DurableSynchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>
    /// <c>synchronous</c> for batches that hold provenance only (attempts, material rows, no outcome).
    /// <see cref="SqliteSynchronous.Normal"/> by default: a process crash loses none of it, power loss may lose the last batches.
    /// </summary>
    public SqliteSynchronous ProvenanceSynchronous { get; init; } = SqliteSynchronous.Normal;

    /// <summary>
    /// At most this many events per transaction. 16,384 by default: a durable batch ends in an
    /// <c>fsync</c> (a few milliseconds on a VM's disk), so fewer, larger batches record faster.
    /// </summary>
    public int BatchSize { get; init; } = 16_384;

    /// <summary>
    /// At most this many events waiting for the writer; past it, stations wait (backpressure from the
    /// disk to the line rather than unbounded memory). 262,144 by default.
    /// </summary>
    public int MaxPending { get; init; } = 262_144;

    /// <summary>Who the audit names when a run is resumed and the run's options name no one. <c>system</c> by default.</summary>
    public string DefaultActor { get; init; } = "system";

    /// <summary>
    /// How long a run's lease lasts without a heartbeat: the process running a run renews it every
    /// third of this, and another process may take the run over only once it has expired (a crashed
    /// holder's successor waits this long at most). 30 seconds by default; at least 100 ms.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many crashes of the process an input may be in a station for (counted from the flight
    /// recorder each start reads) before it becomes a dead letter "crashed the process N times"
    /// instead of running again. <see cref="CrashLimit.Default"/> (3) by default; at least 1.
    /// </summary>
    public int CrashLimit { get; init; } = Factory.Ledger.CrashLimit.Default;

    /// <summary>
    /// How long the writer waits out a file that stays busy or locked (another process holding it)
    /// before the runs it records fail naming the file: meanwhile it retries the same batch with
    /// backoff (100 ms doubling to 5 s) and the stations wait on <see cref="MaxPending"/>.
    /// 2 minutes by default; zero fails at the first such error. A full disk is never waited out.
    /// </summary>
    public TimeSpan ReconnectWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The ledger's clock: every time it writes (starts, ends, leases, audit) is its UTC time. <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
