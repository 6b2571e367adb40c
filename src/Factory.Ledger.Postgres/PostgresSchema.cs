using System.Collections.Generic;
using System.Linq;
using Factory.Ledger.Relational;
using Npgsql;

namespace Factory.Ledger.Postgres;

/// <summary>
/// The ledger's tables in PostgreSQL: the same columns as SQLite's, in PostgreSQL types. Times are
/// ISO 8601 UTC text as in SQLite (so the shared SQL compares and sorts them the same way), except
/// <c>executions.started_us</c> (bigint microseconds); ids are <c>bigint</c>, the row ids of
/// executions, dead letters and audit entries <c>generated always as identity</c>. The tables live in
/// the connection's current schema (the first of its <c>search_path</c>, usually <c>public</c>).
/// </summary>
internal static class PostgresSchema
{
    public const int Version = 1;

    /// <summary>The tables, each with the rights a ledger needs on it (the audit is only ever read and appended to).</summary>
    public static readonly (string Table, string[] Rights)[] Tables =
    [
        ("runs", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("inputs", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("materials", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("executions", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("dead_letters", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("replays", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("leases", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        .. PostgresGateTables.Tables,
        ("audit", ["SELECT", "INSERT"]),
    ];

    // Taken while the tables are made, so two processes opening a new database at once take turns.
    private const long CreateLock = 0x46_43_54_4c_45_44_47_52; // "FCTLEDGR"

    private const string Create = """
        CREATE TABLE IF NOT EXISTS runs (
            run_id          text PRIMARY KEY,
            line            text NOT NULL,
            line_type       text NOT NULL,
            line_hash       text NOT NULL,
            input_type      text NOT NULL,
            job_id          text NOT NULL,
            tenant          text NOT NULL,
            job             text NOT NULL,
            provenance      text NOT NULL,
            status          text NOT NULL,
            started         text NOT NULL,
            last_started    text NOT NULL,
            ended           text,
            starts          integer NOT NULL,
            error           text,
            crashes_counted integer NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS runs_tenant ON runs (tenant, started);

        CREATE TABLE IF NOT EXISTS inputs (
            run_id          text NOT NULL,
            sequence        bigint NOT NULL,
            material_id     bigint NOT NULL,
            input_hash      text,
            entries         integer NOT NULL,
            outcome         text,
            delivered       integer NOT NULL DEFAULT 0,
            dead_lettered   integer NOT NULL DEFAULT 0,
            discarded       integer NOT NULL DEFAULT 0,
            finished        text,
            finished_start  integer,
            crashes         integer NOT NULL DEFAULT 0,
            crash_station   text,
            PRIMARY KEY (run_id, sequence)
        );

        CREATE TABLE IF NOT EXISTS materials (
            run_id      text NOT NULL,
            id          bigint NOT NULL,
            parent_id   bigint NOT NULL,
            root        bigint NOT NULL,
            sequence    bigint NOT NULL,
            input_hash  text,
            outcome     text,
            station     text,
            PRIMARY KEY (run_id, id)
        );
        CREATE INDEX IF NOT EXISTS materials_root ON materials (run_id, root);

        CREATE TABLE IF NOT EXISTS executions (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id          text NOT NULL,
            material_id     bigint NOT NULL,
            root            bigint NOT NULL,
            station         text NOT NULL,
            station_version text NOT NULL,
            attempt         integer NOT NULL,
            started_us      bigint NOT NULL,
            duration_us     bigint NOT NULL,
            outcome         text NOT NULL,
            exception_type  text,
            message         text,
            model           text,
            input_tokens    bigint NOT NULL DEFAULT 0,
            output_tokens   bigint NOT NULL DEFAULT 0,
            start_no        integer NOT NULL
        );
        CREATE INDEX IF NOT EXISTS executions_material ON executions (run_id, material_id);

        CREATE TABLE IF NOT EXISTS dead_letters (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id          text NOT NULL,
            tenant          text NOT NULL,
            job_id          text NOT NULL,
            line            text NOT NULL,
            material_id     bigint NOT NULL,
            parent_id       bigint NOT NULL,
            root            bigint NOT NULL,
            station         text NOT NULL,
            station_version text NOT NULL,
            attempts        integer NOT NULL,
            exception_type  text NOT NULL,
            message         text NOT NULL,
            time            text NOT NULL,
            input_type      text NOT NULL,
            input_clr_type  text,
            input_status    text NOT NULL,
            input_json      text,
            status          text NOT NULL,
            resolved_by     text,
            resolved_at     text,
            reason          text,
            replay_run      text,
            UNIQUE (run_id, material_id, station)
        );
        CREATE INDEX IF NOT EXISTS dead_letters_status ON dead_letters (status, tenant);

        CREATE TABLE IF NOT EXISTS replays (
            run_id          text NOT NULL,
            sequence        bigint NOT NULL,
            dead_letter_id  bigint NOT NULL,
            PRIMARY KEY (run_id, sequence)
        );
        CREATE INDEX IF NOT EXISTS replays_letter ON replays (dead_letter_id);

        CREATE TABLE IF NOT EXISTS leases (
            run_id      text PRIMARY KEY,
            instance    text NOT NULL,
            host        text NOT NULL,
            pid         bigint NOT NULL,
            acquired    text NOT NULL,
            heartbeat   text NOT NULL,
            expires     text NOT NULL
        );

        CREATE TABLE IF NOT EXISTS audit (
            id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            time    text NOT NULL,
            actor   text NOT NULL,
            action  text NOT NULL,
            tenant  text,
            target  text NOT NULL,
            detail  text
        );

        CREATE OR REPLACE FUNCTION factory_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit is append-only';
        END
        $$;
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'audit'::regclass AND tgname = 'audit_no_change') THEN
                CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION factory_audit_append_only();
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'audit'::regclass AND tgname = 'audit_no_truncate') THEN
                CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION factory_audit_append_only();
            END IF;
        END
        $$;
        """;

    /// <summary>
    /// Makes the tables the database lacks (which needs CREATE on the schema), then checks that the
    /// role may use every table: a role without its rights is told which grants it needs now, not at
    /// the first run.
    /// </summary>
    public static void Initialize(NpgsqlConnection connection, PostgresTarget target)
    {
        string schema = CurrentSchema(connection, target);
        List<string> missing = MissingTables(connection);
        if (missing.Count > 0)
        {
            if (Scalar(connection, "SELECT has_schema_privilege(current_schema(), 'CREATE')") is not true)
            {
                throw new LedgerException(
                    $"Role '{target.Role}' cannot create the ledger's tables ({string.Join(", ", missing)}) in schema '{schema}' of the PostgreSQL database "
                    + $"'{target.Database}' on {target.Server}. The first open needs GRANT CREATE ON SCHEMA \"{schema}\" TO \"{target.Role}\"; "
                    + "or open the ledger once as a role that may, and grant this one SELECT, INSERT, UPDATE, DELETE on the tables.");
            }

            using NpgsqlTransaction transaction = connection.BeginTransaction();
            Sql.Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("@key", CreateLock));
            Sql.Execute(connection, transaction, Create);
            Sql.Execute(connection, transaction, PostgresGateTables.Create);
            transaction.Commit();
        }

        CheckRights(connection, target, schema);
    }

    private static string CurrentSchema(NpgsqlConnection connection, PostgresTarget target) =>
        Scalar(connection, "SELECT current_schema()") as string
        ?? throw new LedgerException(
            $"Role '{target.Role}' has no schema to keep the ledger's tables in, in the PostgreSQL database '{target.Database}' on {target.Server}: "
            + $"its search_path names none that exists and that it may use. Grant it one: GRANT USAGE, CREATE ON SCHEMA public TO \"{target.Role}\";");

    private static List<string> MissingTables(NpgsqlConnection connection)
    {
        var present = new HashSet<string>();
        using (NpgsqlCommand command = new(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')",
            connection))
        using (NpgsqlDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                present.Add(reader.GetString(0));
            }
        }

        return Tables.Select(t => t.Table).Where(t => !present.Contains(t)).ToList();
    }

    /// <summary>Refuses a role that lacks a right the ledger needs on one of its tables, naming the grants that would let it.</summary>
    private static void CheckRights(NpgsqlConnection connection, PostgresTarget target, string schema)
    {
        var lacking = new List<string>();
        foreach ((string table, string[] rights) in Tables)
        {
            foreach (string right in rights)
            {
                using var command = new NpgsqlCommand("SELECT has_table_privilege(format('%I.%I', current_schema(), @table), @right)", connection);
                command.Parameters.AddWithValue("table", table);
                command.Parameters.AddWithValue("right", right);
                if (command.ExecuteScalar() is not true)
                {
                    lacking.Add($"{right} on {table}");
                }
            }
        }

        if (lacking.Count > 0)
        {
            throw new LedgerException(
                $"Role '{target.Role}' lacks rights the ledger needs in the PostgreSQL database '{target.Database}' on {target.Server}: {string.Join(", ", lacking)}. "
                + $"Grant them: GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"{schema}\" TO \"{target.Role}\";");
        }
    }

    private static object? Scalar(NpgsqlConnection connection, string text)
    {
        using var command = new NpgsqlCommand(text, connection);
        return command.ExecuteScalar();
    }
}
