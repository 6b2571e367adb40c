using System;
using System.Data.Common;
using System.Globalization;
using Factory.Ledger.Relational;
using Microsoft.Data.Sqlite;

namespace Factory.Ledger.Sqlite;

/// <summary>
/// The ledger's tables, and how a file is brought up to them. Times are ISO 8601 text (UTC) except
/// in <c>executions</c>, where they are integers (microseconds since the Unix epoch) to keep the
/// busiest table small.
/// </summary>
internal static class Schema
{
    public const int Version = 1;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS runs (
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
        CREATE INDEX IF NOT EXISTS runs_tenant ON runs (tenant, started);

        CREATE TABLE IF NOT EXISTS inputs (
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

        CREATE TABLE IF NOT EXISTS materials (
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
        CREATE INDEX IF NOT EXISTS materials_root ON materials (run_id, root);

        CREATE TABLE IF NOT EXISTS executions (
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
        CREATE INDEX IF NOT EXISTS executions_material ON executions (run_id, material_id);

        CREATE TABLE IF NOT EXISTS dead_letters (
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
        CREATE INDEX IF NOT EXISTS dead_letters_status ON dead_letters (status, tenant);

        CREATE TABLE IF NOT EXISTS replays (
            run_id          TEXT NOT NULL,
            sequence        INTEGER NOT NULL,
            dead_letter_id  INTEGER NOT NULL,
            PRIMARY KEY (run_id, sequence)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS replays_letter ON replays (dead_letter_id);

        CREATE TABLE IF NOT EXISTS leases (
            run_id      TEXT PRIMARY KEY,
            instance    TEXT NOT NULL,
            host        TEXT NOT NULL,
            pid         INTEGER NOT NULL,
            acquired    TEXT NOT NULL,
            heartbeat   TEXT NOT NULL,
            expires     TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS audit (
            id      INTEGER PRIMARY KEY AUTOINCREMENT,
            time    TEXT NOT NULL,
            actor   TEXT NOT NULL,
            action  TEXT NOT NULL,
            tenant  TEXT,
            target  TEXT NOT NULL,
            detail  TEXT
        );
        CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
        """;

    /// <summary>
    /// Columns added to tables of <see cref="Create"/> since files were first written: each is added
    /// where it is missing, so a file an older version wrote opens and gains it.
    /// </summary>
    public static readonly (string Table, string Column, string Definition)[] AddedColumns =
    [
        // How many crashes of the process found the input in a station, and in which station the last did.
        ("inputs", "crashes", "INTEGER NOT NULL DEFAULT 0"),
        ("inputs", "crash_station", "TEXT"),

        // The last start whose flight recorder file has been read and counted.
        ("runs", "crashes_counted", "INTEGER NOT NULL DEFAULT 0"),
    ];

    /// <summary>
    /// Brings the file <paramref name="connection"/> opened up to this schema: WAL journaling, the tables
    /// of <see cref="Create"/>, the <see cref="AddedColumns"/> it lacks; refuses a file of a later version.
    /// </summary>
    public static void Initialize(SqliteConnection connection)
    {
        using (DbCommand wal = Sql.Command(connection, null, "PRAGMA journal_mode = WAL"))
        {
            string? mode = wal.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new LedgerException($"The ledger needs WAL journaling; SQLite answered '{mode}' for {connection.DataSource}.");
            }
        }

        long version;
        using (DbCommand read = Sql.Command(connection, null, "PRAGMA user_version"))
        {
            version = (long)read.ExecuteScalar()!;
        }

        if (version > Version)
        {
            throw new LedgerException($"The ledger file {connection.DataSource} has schema version {version}; this version of Factory knows up to {Version}.");
        }

        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        Sql.Execute(connection, transaction, Create);
        Sql.Execute(connection, transaction, SqliteGateTables.Create);
        foreach ((string table, string column, string definition) in AddedColumns)
        {
            if (!HasColumn(connection, transaction, table, column))
            {
                Sql.Execute(connection, transaction, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
            }
        }

        Sql.Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {Version}"));
        transaction.Commit();
    }

    private static bool HasColumn(SqliteConnection connection, SqliteTransaction transaction, string table, string column)
    {
        using DbCommand command = Sql.Command(connection, transaction, "SELECT count(*) FROM pragma_table_info(@table) WHERE name = @column", ("@table", table), ("@column", column));
        return (long)command.ExecuteScalar()! > 0;
    }
}
