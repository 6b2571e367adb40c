using System;
using System.Collections.Generic;
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

    /// <summary>The schema version this store writes: how many <see cref="Migrations"/> there are.</summary>
    public int SchemaVersion => Migrations.Count;

    /// <summary>
    /// The schema's steps in order, numbered from 1 (<see cref="Migration"/>): the shared
    /// <see cref="SchemaUpgrade"/> applies the ones a database lacks, in one transaction, when the ledger opens.
    /// </summary>
    public abstract IReadOnlyList<Migration> Migrations { get; }

    /// <summary>The folder of this ledger's flight files (one per start of a run in progress, on this machine).</summary>
    public abstract string FlightFolder { get; }

    /// <summary>What a start that cannot write its flight file is told about where that folder is.</summary>
    public abstract string FlightFolderHint { get; }

    /// <summary>
    /// The SQL of a column of <c>runs r</c> that lists the dead letters a run replays, comma-separated in
    /// the order of their input positions (null when it replays none).
    /// </summary>
    public abstract string ReplayIdsColumn { get; }

    /// <summary>
    /// The SQL that turns <paramref name="column"/>, a time as stored (<see cref="Time.Text"/>), into ticks
    /// since the Unix epoch, so a query can count in time windows without reading every row.
    /// </summary>
    public abstract string TicksOf(string column);

    /// <summary>
    /// Deletes run <paramref name="runId"/>'s attempts inside <paramref name="transaction"/> (a purge) and
    /// says how many there were: by default the rows of <c>executions</c>, one an attempt.
    /// </summary>
    public virtual long DeleteAttempts(DbConnection connection, DbTransaction transaction, string runId) =>
        Sql.Execute(connection, transaction, "DELETE FROM executions WHERE run_id = @run", ("@run", runId));

    /// <summary>
    /// The schema version the database holds: 0 for an empty one. Called on its own before the
    /// upgrade, then again inside the upgrade's transaction (<paramref name="transaction"/>).
    /// </summary>
    public abstract int ReadSchemaVersion(DbConnection connection, DbTransaction? transaction);

    /// <summary>Records, inside the upgrade's transaction, that the database now holds schema <paramref name="version"/>, upgraded at <paramref name="time"/> by <paramref name="by"/>.</summary>
    public abstract void WriteSchemaVersion(DbConnection connection, DbTransaction transaction, int version, string time, string by);

    /// <summary>
    /// What a database needs before its schema is upgraded or used, outside any transaction (SQLite: WAL
    /// journaling; PostgreSQL: a schema to keep the tables in, and the right to create them when
    /// <paramref name="found"/>, the version it holds, is older than <see cref="SchemaVersion"/>);
    /// called once the version is known not to be newer. Nothing by default.
    /// </summary>
    public virtual void PrepareSchema(DbConnection connection, int found)
    {
    }

    /// <summary>
    /// Checks, once the schema is current, that this ledger may use it (PostgreSQL: the role's rights on
    /// every table), throwing a <see cref="LedgerException"/> that says what to grant. Nothing by default.
    /// </summary>
    public virtual void CheckSchema(DbConnection connection)
    {
    }

    /// <summary>
    /// What a failure to open the first connection means, as a <see cref="LedgerException"/> that says
    /// what to fix (no such database, a role that may not connect, a server that does not answer), or
    /// null to report it as it is.
    /// </summary>
    public virtual LedgerException? ExplainOpenFailure(Exception exception) => null;

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

    /// <summary>What a failure of the database means, for a message that names the ledger's fault (a full disk, say).</summary>
    public virtual string Explain(Exception exception) => exception.Message;

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
