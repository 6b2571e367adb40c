using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using Factory.Ledger.Relational;
using Factory.Ledger.Sqlite;

namespace Factory.Ledger.Tests;

/// <summary>The outage a <see cref="FlakyStore"/> throws: transient by its <see cref="LedgerStore.IsTransient"/>.</summary>
public sealed class SimulatedOutage(string message) : Exception(message);

/// <summary>
/// A SQLite store whose writer's batches fail with <see cref="SimulatedOutage"/> when the test says so:
/// at chosen commits, at a chosen row, or all of them while <see cref="Down"/>. Run starts, heartbeats
/// and queries go to the file as they are.
/// </summary>
internal sealed class FlakyStore(SqliteStore inner) : LedgerStore
{
    private int commits;
    private int rows;
    private int outages;
    private volatile bool down;

    public RecorderSettings Settings => inner.Settings;

    /// <summary>Which commits fail (1 is the writer's first, counting retries).</summary>
    public Func<int, bool> FailsCommit { get; set; } = _ => false;

    /// <summary>Which row fails (1 is the writer's first row call, counting replays).</summary>
    public Func<int, bool> FailsRow { get; set; } = _ => false;

    /// <summary>While true, every batch fails at its start, and the writer cannot connect.</summary>
    public bool Down
    {
        get => down;
        set => down = value;
    }

    /// <summary>How many failures were thrown.</summary>
    public int Outages => Volatile.Read(ref outages);

    public override string LedgerName => inner.LedgerName;

    public override IReadOnlyList<Migration> Migrations => inner.Migrations;

    public override string FlightFolder => inner.FlightFolder;

    public override string FlightFolderHint => inner.FlightFolderHint;

    public override string ReplayIdsColumn => inner.ReplayIdsColumn;

    public override string TicksOf(string column) => inner.TicksOf(column);

    public override int ReadSchemaVersion(DbConnection connection, DbTransaction? transaction) => inner.ReadSchemaVersion(connection, transaction);

    public override void WriteSchemaVersion(DbConnection connection, DbTransaction transaction, int version, string time, string by) =>
        inner.WriteSchemaVersion(connection, transaction, version, time, by);

    public override void PrepareSchema(DbConnection connection, int found) => inner.PrepareSchema(connection, found);

    public override DbConnection OpenConnection() => inner.OpenConnection();

    public override DbTransaction BeginWrite(DbConnection connection, string key) => inner.BeginWrite(connection, key);

    public override BatchWriter CreateBatchWriter(RecorderSettings settings)
    {
        ThrowIfDown("connect");
        return new FlakyBatchWriter(inner.CreateBatchWriter(settings), this);
    }

    public override bool IsTransient(Exception exception) => exception is SimulatedOutage || inner.IsTransient(exception);

    public override string Explain(Exception exception) => inner.Explain(exception);

    public override void Dispose() => inner.Dispose();

    public void ThrowIfDown(string what)
    {
        if (Down)
        {
            Fail($"{what}: the database is down");
        }
    }

    public void Commit()
    {
        if (FailsCommit(Interlocked.Increment(ref commits)))
        {
            Fail($"commit {commits} failed");
        }
    }

    public void Row()
    {
        if (FailsRow(Interlocked.Increment(ref rows)))
        {
            Fail($"row {rows} failed");
        }
    }

    private void Fail(string what)
    {
        Interlocked.Increment(ref outages);
        throw new SimulatedOutage($"simulated outage ({what})");
    }
}

/// <summary>A <see cref="RelationalLedger"/> over a <see cref="FlakyStore"/>.</summary>
internal sealed class FlakyLedger(FlakyStore store) : RelationalLedger(store, store.Settings)
{
    public FlakyStore Flaky => store;

    public static FlakyLedger Open(string path, SqliteLedgerOptions options) => new(new FlakyStore(SqliteStore.Create(path, options)));
}
