using System.Collections.Generic;
using System.Data.Common;
using Factory.Ledger.Relational;

namespace Factory.Ledger.Sqlite;

/// <summary>
/// The SQLite ledger's schema as numbered steps; the file's <c>PRAGMA user_version</c> says how many it
/// holds. Times are ISO 8601 text (UTC) except in <c>executions</c>, where they are integers
/// (microseconds since the Unix epoch) to keep the busiest table small. A step that has shipped is
/// never edited: a change is a new step at the end.
/// </summary>
internal static class Schema
{
    public static readonly IReadOnlyList<Migration> Migrations =
    [
        Migration.Of(1, "the ledger's tables", Tables),
        new Migration(2, "what files of schema 1 gained without a new version: run leases, crash counts", BringVersionOneUpToDate),
        Migration.Of(3, "an index for a tenant's audit", "CREATE INDEX audit_tenant ON audit (tenant, id)"),
        Migration.Of(4, "when a run's materials and attempts were purged", "ALTER TABLE runs ADD COLUMN purged TEXT"),
        Migration.Of(5, "human gates: materials parked at gates and the one decision of each", SqliteGateTables.Create),
        Migration.Of(6, "human gates: the items each input waits at, where a later start takes it up (all of them in an older ledger)", GateHeld),
        Migration.Of(7, "each station's attempts, tokens, cost and durations per run, start and process", SqliteSharedTables.StationTotals),
        Migration.Of(8, "a pause, resume or cancel asked of a run's holder through the ledger, and whether it applied it", SqliteSharedTables.RunControl),
        Migration.Of(9, "quality control: the review queue of sampled outputs and the inspections' verdicts", SqliteQualityTables.Create),
        Migration.Of(10, "job budgets: what each job order's calls spent and reserved, across processes", SqliteSharedTables.JobBudgets),
        Migration.Of(11, "the inputs a run keeps as JSON, to run them again in an experiment", "CREATE TABLE input_values (run_id TEXT NOT NULL, sequence INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (run_id, sequence)) WITHOUT ROWID"),
        Migration.Of(12, "job budgets: a reservation held with a lease, released when its process died without settling it", SqliteSharedTables.JobBudgetHolds),
    ];

    /// <summary>Step 6: an older ledger restored every waiting item, so each is held, as it was.</summary>
    private const string GateHeld = """
        ALTER TABLE gate_items ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
        UPDATE gate_items SET held = 1;
        CREATE INDEX gate_items_root ON gate_items (run_id, root);
        """;

    /// <summary>The tables as the first ledger wrote them (schema 1).</summary>
    private const string Tables = """
        CREATE TABLE runs (
            run_id        TEXT PRIMARY KEY,
            line          TEXT NOT NULL,
            line_type     TEXT NOT NULL,
            line_hash     TEXT NOT NULL,
            input_type    TEXT NOT NULL,
            job_id        TEXT NOT NULL,
            tenant        TEXT NOT NULL,
            job           TEXT NOT NULL,
            provenance    TEXT NOT NULL,
            status        TEXT NOT NULL,
            started       TEXT NOT NULL,
            last_started  TEXT NOT NULL,
            ended         TEXT,
            starts        INTEGER NOT NULL,
            error         TEXT
        );
        CREATE INDEX runs_tenant ON runs (tenant, started);

        CREATE TABLE inputs (
            run_id          TEXT NOT NULL,
            sequence        INTEGER NOT NULL,
            material_id     INTEGER NOT NULL,
            input_hash      TEXT,
            entries         INTEGER NOT NULL,
            outcome         TEXT,
            delivered       INTEGER NOT NULL DEFAULT 0,
            dead_lettered   INTEGER NOT NULL DEFAULT 0,
            discarded       INTEGER NOT NULL DEFAULT 0,
            finished        TEXT,
            finished_start  INTEGER,
            PRIMARY KEY (run_id, sequence)
        ) WITHOUT ROWID;

        CREATE TABLE materials (
            run_id      TEXT NOT NULL,
            id          INTEGER NOT NULL,
            parent_id   INTEGER NOT NULL,
            root        INTEGER NOT NULL,
            sequence    INTEGER NOT NULL,
            input_hash  TEXT,
            outcome     TEXT,
            station     TEXT,
            PRIMARY KEY (run_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX materials_root ON materials (run_id, root);

        CREATE TABLE executions (
            id              INTEGER PRIMARY KEY,
            run_id          TEXT NOT NULL,
            material_id     INTEGER NOT NULL,
            root            INTEGER NOT NULL,
            station         TEXT NOT NULL,
            station_version TEXT NOT NULL,
            attempt         INTEGER NOT NULL,
            started_us      INTEGER NOT NULL,
            duration_us     INTEGER NOT NULL,
            outcome         TEXT NOT NULL,
            exception_type  TEXT,
            message         TEXT,
            model           TEXT,
            input_tokens    INTEGER NOT NULL DEFAULT 0,
            output_tokens   INTEGER NOT NULL DEFAULT 0,
            start_no        INTEGER NOT NULL
        );
        CREATE INDEX executions_material ON executions (run_id, material_id);

        CREATE TABLE dead_letters (
            id              INTEGER PRIMARY KEY,
            run_id          TEXT NOT NULL,
            tenant          TEXT NOT NULL,
            job_id          TEXT NOT NULL,
            line            TEXT NOT NULL,
            material_id     INTEGER NOT NULL,
            parent_id       INTEGER NOT NULL,
            root            INTEGER NOT NULL,
            station         TEXT NOT NULL,
            station_version TEXT NOT NULL,
            attempts        INTEGER NOT NULL,
            exception_type  TEXT NOT NULL,
            message         TEXT NOT NULL,
            time            TEXT NOT NULL,
            input_type      TEXT NOT NULL,
            input_clr_type  TEXT,
            input_status    TEXT NOT NULL,
            input_json      TEXT,
            status          TEXT NOT NULL,
            resolved_by     TEXT,
            resolved_at     TEXT,
            reason          TEXT,
            replay_run      TEXT,
            UNIQUE (run_id, material_id, station)
        );
        CREATE INDEX dead_letters_status ON dead_letters (status, tenant);

        CREATE TABLE replays (
            run_id          TEXT NOT NULL,
            sequence        INTEGER NOT NULL,
            dead_letter_id  INTEGER NOT NULL,
            PRIMARY KEY (run_id, sequence)
        ) WITHOUT ROWID;
        CREATE INDEX replays_letter ON replays (dead_letter_id);

        CREATE TABLE audit (
            id      INTEGER PRIMARY KEY AUTOINCREMENT,
            time    TEXT NOT NULL,
            actor   TEXT NOT NULL,
            action  TEXT NOT NULL,
            tenant  TEXT,
            target  TEXT NOT NULL,
            detail  TEXT
        );
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
        """;

    /// <summary>The run leases, added to files of schema 1 without a version of their own.</summary>
    private const string Leases = """
        CREATE TABLE leases (
            run_id      TEXT PRIMARY KEY,
            instance    TEXT NOT NULL,
            host        TEXT NOT NULL,
            pid         INTEGER NOT NULL,
            acquired    TEXT NOT NULL,
            heartbeat   TEXT NOT NULL,
            expires     TEXT NOT NULL
        ) WITHOUT ROWID;
        """;

    /// <summary>Columns added to files of schema 1 without a version of their own.</summary>
    private static readonly (string Table, string Column, string Definition)[] VersionOneColumns =
    [
        // How many crashes of the process found the input in a station, and in which station the last did.
        ("inputs", "crashes", "INTEGER NOT NULL DEFAULT 0"),
        ("inputs", "crash_station", "TEXT"),

        // The last start whose flight recorder file has been read and counted.
        ("runs", "crashes_counted", "INTEGER NOT NULL DEFAULT 0"),
    ];

    /// <summary>
    /// Files that say schema 1 differ by age: the leases and the crash columns came without a new
    /// version. This step, the only one that looks before it changes, gives each what it lacks; every
    /// change after it is a step of its own.
    /// </summary>
    private static void BringVersionOneUpToDate(DbConnection connection, DbTransaction transaction)
    {
        if (!Has(connection, transaction, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name", "leases", null))
        {
            Sql.Execute(connection, transaction, Leases);
        }

        foreach ((string table, string column, string definition) in VersionOneColumns)
        {
            if (!Has(connection, transaction, "SELECT count(*) FROM pragma_table_info(@table) WHERE name = @name", column, table))
            {
                Sql.Execute(connection, transaction, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
            }
        }
    }

    private static bool Has(DbConnection connection, DbTransaction transaction, string sql, string name, string? table)
    {
        using DbCommand command = table is null
            ? Sql.Command(connection, transaction, sql, ("@name", name))
            : Sql.Command(connection, transaction, sql, ("@name", name), ("@table", table));
        return (long)command.ExecuteScalar()! > 0;
    }
}
