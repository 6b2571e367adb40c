using System;
using System.Text.Json.Serialization.Metadata;

namespace Factory.Ledger.Postgres;

/// <summary>How a <see cref="PostgresLedger"/> records.</summary>
public sealed record PostgresLedgerOptions
{
    /// <summary>The provenance level of runs that do not choose one. <see cref="ProvenanceLevel.Full"/> by default.</summary>
    public ProvenanceLevel Provenance { get; init; } = ProvenanceLevel.Full;

    /// <summary>Source-generated JSON metadata for input types (a <c>JsonSerializerContext</c>), for runs that do not give their own.</summary>
    public IJsonTypeInfoResolver? Inputs { get; init; }

    /// <summary>At most this many events per transaction. 4,096 by default.</summary>
    public int BatchSize { get; init; } = 4096;

    /// <summary>
    /// At most this many events waiting for the writer; past it, stations wait (backpressure from the
    /// database to the line rather than unbounded memory). 262,144 by default.
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
    /// How long the writer waits out a database that is away (connection lost or refused, server shutting
    /// down or starting, deadlock, serialization failure) before the runs it records fail naming
    /// <c>host:port/database</c>: meanwhile it retries the same batch on a new connection with backoff
    /// (100 ms doubling to 5 s) and the stations wait on <see cref="MaxPending"/>. 2 minutes by default;
    /// zero fails at the first such error.
    /// </summary>
    public TimeSpan ReconnectWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The ledger's clock: every time it writes (starts, ends, leases, audit) is its UTC time. <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// The local folder of this machine's flight recorder files (one small file per start of a run in
    /// progress; the crash limit counts from them). By default <c>Factory/flight/HOST_PORT_DATABASE</c>
    /// under the local application data folder (the temporary folder where there is none).
    /// Processes on one machine that record into one database must share it.
    /// </summary>
    public string? FlightFolder { get; init; }
}
