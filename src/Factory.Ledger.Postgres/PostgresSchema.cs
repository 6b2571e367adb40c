using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using Factory.Ledger.Relational;

namespace Factory.Ledger.Postgres;

/// <summary>
/// The ledger's tables in PostgreSQL: the same columns as SQLite's, in PostgreSQL types. Times are
/// ISO 8601 UTC text as in SQLite (so the shared SQL compares and sorts them the same way), except
/// <c>executions.started_us</c> (bigint microseconds); ids are <c>bigint</c>, the row ids of
/// executions, dead letters and audit entries <c>generated always as identity</c>. The tables live in
/// the connection's current schema (the first of its <c>search_path</c>, usually <c>public</c>). The
/// schema is numbered steps (<see cref="Migrations"/>); <c>factory_schema</c> keeps a row per upgrade.
/// </summary>
internal static class PostgresSchema
{
    public static readonly IReadOnlyList<Migration> Migrations =
    [
        Migration.Of(1, "the ledger's tables", Create),
        Migration.Of(2, "the schema's version, kept in a table of its own", "CREATE TABLE factory_schema (version integer NOT NULL, upgraded_at text NOT NULL, by text NOT NULL)"),
        Migration.Of(3, "an index for a tenant's audit", "CREATE INDEX audit_tenant ON audit (tenant, id)"),
        Migration.Of(4, "when a run's materials and attempts were purged", "ALTER TABLE runs ADD COLUMN purged text"),
        Migration.Of(5, "human gates: materials parked at gates and the one decision of each", PostgresGateTables.Create),
        Migration.Of(6, "human gates: the items each input waits at, where a later start takes it up (all of them in an older ledger)", GateHeld),
        Migration.Of(7, "attempts kept a row per material, the executions view shows them one a row", PackAttempts),
        Migration.Of(8, "each station's attempts, tokens, cost and durations per run, start and process", PostgresSharedTables.StationTotals),
        Migration.Of(9, "a pause, resume or cancel asked of a run's holder through the ledger, and whether it applied it", PostgresSharedTables.RunControl),
        Migration.Of(10, "quality control: the review queue of sampled outputs and the inspections' verdicts", PostgresQualityTables.Create),
        Migration.Of(11, "job budgets: what each job order's calls spent and reserved, across processes", PostgresSharedTables.JobBudgets),
        Migration.Of(12, "the inputs a run keeps as JSON, to run them again in an experiment", "CREATE TABLE input_values (run_id text NOT NULL, sequence bigint NOT NULL, json text NOT NULL, PRIMARY KEY (run_id, sequence))"),
        Migration.Of(13, "job budgets: a reservation held with a lease, released when its process died without settling it", PostgresSharedTables.JobBudgetHolds),
    ];

    /// <summary>Step 6: an older ledger restored every waiting item, so each is held, as it was.</summary>
    private const string GateHeld = """
        ALTER TABLE gate_items ADD COLUMN held integer NOT NULL DEFAULT 0;
        UPDATE gate_items SET held = 1;
        CREATE INDEX gate_items_root ON gate_items (run_id, root);
        """;

    /// <summary>The tables, each with the rights a ledger needs on it (the audit is only ever read and appended to).</summary>
    public static readonly (string Table, string[] Rights)[] Tables =
    [
        ("runs", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("inputs", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("materials", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("attempts", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("dead_letters", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("replays", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("leases", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        .. PostgresSharedTables.Tables,
        .. PostgresGateTables.Tables,
        .. PostgresQualityTables.Tables,
        ("audit", ["SELECT", "INSERT"]),
    ];

    /// <summary>What the role needs besides the tables: reading the schema's version, and the attempts one a row.</summary>
    private static readonly (string Table, string[] Rights)[] Rights = [("factory_schema", ["SELECT"]), ("executions", ["SELECT"]), .. Tables];

    /// <summary>
    /// Step 7: a material's attempts of one writer's batch are one row of <c>attempts</c>, as a JSON
    /// array in <c>list</c>: an array per attempt, in the order they came, of station, station version,
    /// attempt, started (µs), duration (µs) and outcome, then exception type, message, model, input and
    /// output tokens when any of them is set. <c>executions</c>, a table until now, becomes a view that
    /// shows them one attempt a row, with the columns it had, so every query of it reads the same. The
    /// attempts already recorded move over, in the order of their ids. The id of an attempt is its row's,
    /// counted on by its place in the row: the identity steps by 1024 (<see cref="AttemptCopy.PerRow"/>,
    /// the most attempts a row holds). No primary key: a row is only ever added, read by its material and
    /// deleted with its run, and an index less is less to write.
    /// </summary>
    private const string PackAttempts = """
        CREATE TABLE attempts (
            id          bigint GENERATED ALWAYS AS IDENTITY (INCREMENT BY 1024),
            run_id      text NOT NULL,
            material_id bigint NOT NULL,
            root        bigint NOT NULL,
            start_no    integer NOT NULL,
            list        text NOT NULL
        );
        CREATE INDEX attempts_material ON attempts (run_id, material_id);

        INSERT INTO attempts (run_id, material_id, root, start_no, list)
        SELECT run_id, material_id, root, start_no,
            json_agg(json_build_array(station, station_version, attempt, started_us, duration_us, outcome,
                exception_type, message, model, input_tokens, output_tokens) ORDER BY id)::text
        FROM (SELECT e.*, (row_number() OVER (PARTITION BY run_id, material_id, root, start_no ORDER BY id) - 1) / 1024 AS part FROM executions e) numbered
        GROUP BY run_id, material_id, root, start_no, part
        ORDER BY min(id);
        DROP TABLE executions;

        CREATE VIEW executions AS
        SELECT a.id + o.place - 1 AS id, a.run_id, a.material_id, a.root, o.e ->> 0 AS station, o.e ->> 1 AS station_version,
            (o.e ->> 2)::integer AS attempt, (o.e ->> 3)::bigint AS started_us, (o.e ->> 4)::bigint AS duration_us, o.e ->> 5 AS outcome,
            o.e ->> 6 AS exception_type, o.e ->> 7 AS message, o.e ->> 8 AS model,
            coalesce((o.e ->> 9)::bigint, 0) AS input_tokens, coalesce((o.e ->> 10)::bigint, 0) AS output_tokens, a.start_no
        FROM attempts a
        CROSS JOIN LATERAL json_array_elements(a.list::json) WITH ORDINALITY AS o(e, place);
        """;

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
    /// The version the database holds: the last row of <c>factory_schema</c>; 1 for the tables of the
    /// first PostgreSQL ledger, which kept no version; 0 for a database without them. A role that may not
    /// read the version is told every grant it lacks.
    /// </summary>
    public static int ReadVersion(DbConnection connection, DbTransaction? transaction, PostgresTarget target)
    {
        bool versions;
        bool tables;
        // pg_class read with the statement's snapshot, not to_regclass: its cached answer can predate an
        // upgrade another process committed while this one waited for its turn.
        using (DbCommand find = Sql.Command(
            connection,
            transaction,
            "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = 'factory_schema'), "
            + "EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = 'runs')"))
        using (DbDataReader reader = find.ExecuteReader())
        {
            reader.Read();
            versions = reader.GetBoolean(0);
            tables = reader.GetBoolean(1);
        }

        if (!versions)
        {
            return tables ? 1 : 0;
        }

        if (Scalar(connection, transaction, "SELECT has_table_privilege('factory_schema', 'SELECT')") is not true)
        {
            CheckRights(connection, target);
        }

        return Convert.ToInt32(Scalar(connection, transaction, "SELECT coalesce(max(version), 0) FROM factory_schema"), CultureInfo.InvariantCulture);
    }

    /// <summary>Records an upgrade to <paramref name="version"/>: a row of <c>factory_schema</c>.</summary>
    public static void WriteVersion(DbConnection connection, DbTransaction transaction, int version, string time, string by) =>
        Sql.Execute(
            connection,
            transaction,
            "INSERT INTO factory_schema (version, upgraded_at, by) VALUES (@version, @time, @by)",
            ("@version", version),
            ("@time", time),
            ("@by", by));

    /// <summary>
    /// Before the tables are made or upgraded: a schema to keep them in, and for a new database the
    /// right to create them there (the first open needs CREATE on the schema; later ones do not).
    /// </summary>
    public static void Prepare(DbConnection connection, PostgresTarget target, int found)
    {
        string schema = CurrentSchema(connection, target);
        List<string> missing = found == 0 ? MissingTables(connection) : [];
        if (missing.Count > 0 && Scalar(connection, null, "SELECT has_schema_privilege(current_schema(), 'CREATE')") is not true)
        {
            throw new LedgerException(
                $"Role '{target.Role}' cannot create the ledger's tables ({string.Join(", ", missing)}) in schema '{schema}' of the PostgreSQL database "
                + $"'{target.Database}' on {target.Server}. The first open needs GRANT CREATE ON SCHEMA \"{schema}\" TO \"{target.Role}\"; "
                + "or open the ledger once as a role that may, and grant this one SELECT, INSERT, UPDATE, DELETE on the tables.");
        }
    }

    private static string CurrentSchema(DbConnection connection, PostgresTarget target) =>
        Scalar(connection, null, "SELECT current_schema()") as string
        ?? throw new LedgerException(
            $"Role '{target.Role}' has no schema to keep the ledger's tables in, in the PostgreSQL database '{target.Database}' on {target.Server}: "
            + $"its search_path names none that exists and that it may use. Grant it one: GRANT USAGE, CREATE ON SCHEMA public TO \"{target.Role}\";");

    private static List<string> MissingTables(DbConnection connection)
    {
        var present = new HashSet<string>();
        using (DbCommand command = Sql.Command(
            connection,
            null,
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"))
        using (DbDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                present.Add(reader.GetString(0));
            }
        }

        return Tables.Select(t => t.Table).Where(t => !present.Contains(t)).ToList();
    }

    /// <summary>Refuses a role that lacks a right the ledger needs on one of its tables, naming the grants that would let it.</summary>
    public static void CheckRights(DbConnection connection, PostgresTarget target)
    {
        string schema = CurrentSchema(connection, target);
        var lacking = new List<string>();
        foreach ((string table, string[] rights) in Rights)
        {
            foreach (string right in rights)
            {
                using DbCommand command = Sql.Command(connection, null, "SELECT has_table_privilege(format('%I.%I', current_schema(), @table), @right)", ("@table", table), ("@right", right));
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

    private static object? Scalar(DbConnection connection, DbTransaction? transaction, string text)
    {
        using DbCommand command = Sql.Command(connection, transaction, text);
        return command.ExecuteScalar();
    }
}
