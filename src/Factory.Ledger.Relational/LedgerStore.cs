using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger.Relational;

/// <summary>
/// What differs between the databases a ledger can live in: how a connection is opened, how a
/// transaction that must take turns with others begins, the schema, where flight files go, the
/// writer's row sink and the few SQL expressions that are not the same in every dialect. The shared
/// code speaks ADO.NET's base types with <c>@name</c> parameters and SQL both databases accept.
/// </summary>
internal abstract class LedgerStore : IDisposable
{
    /// <summary>How messages name the ledger: its file, or <c>host:port/database</c>.</summary>
    public abstract string LedgerName { get; }

    /// <summary>The schema version this store writes.</summary>
    public abstract int SchemaVersion { get; }

    /// <summary>The folder of this ledger's flight files (one per start of a run in progress, on this machine).</summary>
    public abstract string FlightFolder { get; }

    /// <summary>What a start that cannot write its flight file is told about where that folder is.</summary>
    public abstract string FlightFolderHint { get; }

    /// <summary>
    /// The SQL of a column of <c>runs r</c> that lists the dead letters a run replays, comma-separated in
    /// the order of their input positions (null when it replays none).
    /// </summary>
    public abstract string ReplayIdsColumn { get; }

    /// <summary>Creates or checks the schema; throws a <see cref="LedgerException"/> naming what to fix when it cannot.</summary>
    public abstract void Initialize();

    /// <summary>An open (pooled) connection whose commits are durable.</summary>
    public abstract DbConnection OpenConnection();

    /// <summary>
    /// Begins a transaction in which a read-then-write on <paramref name="key"/> (a run id, a dead
    /// letter) takes turns with every other such transaction on the same key, in any process.
    /// </summary>
    public abstract DbTransaction BeginWrite(DbConnection connection, string key);

    /// <summary>The writer thread's row sink, on a connection of its own.</summary>
    public abstract BatchWriter CreateBatchWriter(RecorderSettings settings);

    /// <summary>True for a failure worth waiting out and trying again (the database busy, restarting or unreachable).</summary>
    public abstract bool IsTransient(Exception exception);

    /// <summary>Tells waiting runs, inside the transaction that records it, that run <paramref name="runId"/> has a new gate decision (PostgreSQL: <c>NOTIFY</c>). None by default: runs poll.</summary>
    public virtual void SignalDecision(DbConnection connection, DbTransaction transaction, string runId)
    {
    }

    /// <summary>Completes when run <paramref name="runId"/> may have a new gate decision, or after <paramref name="longest"/>: by default, after <paramref name="longest"/> (a poll).</summary>
    public virtual Task WaitForDecisionAsync(string runId, TimeSpan longest, CancellationToken cancellationToken) =>
        Task.Delay(longest, cancellationToken);

    /// <summary>Lets go of pooled connections: the ledger is closed.</summary>
    public abstract void Dispose();
}
