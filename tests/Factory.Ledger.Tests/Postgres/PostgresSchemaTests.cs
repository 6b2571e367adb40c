using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger.Postgres;
using Factory.Ledger.Relational;
using Factory.Testing;
using Npgsql;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>
/// Schema versions in PostgreSQL: <c>factory_schema</c> keeps them; an older database (made by the first
/// steps only) is upgraded in one transaction when it opens (audited), a newer one is refused naming
/// both versions, a failed upgrade changes nothing. (SQLite's are in <see cref="SqliteOnlyTests"/>.)
/// </summary>
public sealed class PostgresSchemaTests
{
    private static int Known => PostgresSchema.Migrations.Count;

    [Fact]
    public async Task A_new_database_is_at_the_current_schema_and_its_audit_has_no_upgrade()
    {
        await using TempDatabase database = await TempDatabase.CreateAsync();
        await using PostgresLedger ledger = Open(database);

        Assert.Equal(Known, Scalar(database, "SELECT max(version) FROM factory_schema"));
        Assert.Empty(await ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.LedgerUpgraded }));
    }

    [Fact]
    public async Task Ledgers_opening_a_new_database_at_once_take_turns_and_one_of_them_makes_it()
    {
        await using TempDatabase database = await TempDatabase.CreateAsync();
        using var go = new ManualResetEventSlim();
        Task<PostgresLedger>[] opening = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            go.Wait();
            return Open(database);
        })).ToArray();
        go.Set();

        foreach (PostgresLedger ledger in await Task.WhenAll(opening))
        {
            await ledger.DisposeAsync();
        }

        Assert.Equal(1, Scalar(database, "SELECT count(*) FROM factory_schema"));
        Assert.Equal(Known, Scalar(database, "SELECT max(version) FROM factory_schema"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task An_older_database_is_upgraded_once_audited_and_keeps_its_runs(int steps)
    {
        // Made with the steps up to `steps` only; 1 is a database of the first PostgreSQL ledger (no factory_schema).
        await using TempDatabase database = await TempDatabase.CreateAsync();
        Apply(database, steps);
        Scalar(database, "INSERT INTO runs (run_id, line, line_type, line_hash, input_type, job_id, tenant, job, provenance, status, started, last_started, ended, starts) "
            + "VALUES ('kept', 'OrderLine', 'T', 'h', 'I', 'job', 'acme', '{}', 'full', 'completed', '2026-12-01T00:00:00.0000000Z', '2026-12-01T00:00:00.0000000Z', '2026-12-01T00:00:01.0000000Z', 1)");

        await using (PostgresLedger ledger = Open(database))
        {
            Assert.Equal(Known, Scalar(database, "SELECT max(version) FROM factory_schema"));
            AuditEntry upgrade = Assert.Single(await ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.LedgerUpgraded }));
            Assert.StartsWith($"schema {steps} -> {Known}: {steps + 1} (", upgrade.Detail, StringComparison.Ordinal);
            Assert.Equal(("system", "ledger"), (upgrade.Actor, upgrade.Target));
            Assert.Equal(1, Scalar(database, "SELECT count(*) FROM runs WHERE run_id = 'kept' AND status = 'completed'"));
        }

        await using (Open(database))
        {
            Assert.Equal(1, Scalar(database, $"SELECT count(*) FROM audit WHERE action = '{AuditActions.LedgerUpgraded}'"));
        }
    }

    [Fact]
    public async Task Attempts_recorded_one_a_row_before_step_7_read_back_the_same_after_it_and_purge_counts_them()
    {
        // Schema 6 kept an attempt a row; step 7 packs a material's attempts into one row.
        await using TempDatabase database = await TempDatabase.CreateAsync();
        Apply(database, 6);
        Scalar(database, "INSERT INTO runs (run_id, line, line_type, line_hash, input_type, job_id, tenant, job, provenance, status, started, last_started, ended, starts) "
            + "VALUES ('kept', 'OrderLine', 'T', 'h', 'I', 'job', 'acme', '{}', 'full', 'completed', '2026-12-01T00:00:00.0000000Z', '2026-12-01T00:00:00.0000000Z', '2026-12-01T00:00:01.0000000Z', 2)");
        Scalar(database, "INSERT INTO executions (run_id, material_id, root, station, station_version, attempt, started_us, duration_us, outcome, exception_type, message, model, input_tokens, output_tokens, start_no) VALUES "
            + "('kept', 7, 7, 'OrderLine/Price', '1', 1, 1000, 30, 'failed', 'System.TimeoutException', 'slow', NULL, 0, 0, 1), "
            + "('kept', 8, 8, 'OrderLine/Price', '1', 1, 1500, 10, 'succeeded', NULL, NULL, NULL, 0, 0, 1), "
            + "('kept', 7, 7, 'OrderLine/Price', '1', 2, 1000, 20, 'succeeded', NULL, NULL, NULL, 0, 0, 1), "
            + "('kept', 7, 7, 'OrderLine/Triage', '2', 1, 2000, 40, 'succeeded', NULL, NULL, 'small-model', 120, 7, 2)");

        await using PostgresLedger ledger = Open(database);

        IReadOnlyList<ExecutionRecord> seven = await ledger.GetProvenanceAsync("kept", 7);
        Assert.Equal(
            [
                ("OrderLine/Price", 1, ExecutionOutcome.Failed, "System.TimeoutException", "slow", (string?)null, 0L, 0L, 1, 30L),
                ("OrderLine/Price", 2, ExecutionOutcome.Succeeded, null, null, null, 0L, 0L, 1, 20L),
                ("OrderLine/Triage", 1, ExecutionOutcome.Succeeded, null, null, "small-model", 120L, 7L, 2, 40L),
            ],
            seven.Select(e => (e.Station, e.Attempt, e.Outcome, e.ExceptionType, e.Message, e.Model, e.InputTokens, e.OutputTokens, e.Start, (long)e.Duration.TotalMicroseconds)));
        Assert.Equal(Time.FromMicros(2000), seven[2].Started);
        Assert.Equal("OrderLine/Price", Assert.Single(await ledger.GetProvenanceAsync("kept", 8)).Station);

        // One row per material and start, the same four attempts through the view.
        Assert.Equal(3, Scalar(database, "SELECT count(*) FROM attempts"));
        Assert.Equal(4, Scalar(database, "SELECT count(*) FROM executions"));
        Assert.Equal(4, Scalar(database, "SELECT count(DISTINCT id) FROM executions"));

        PurgeReport purged = await ledger.PurgeAsync(DateTimeOffset.Parse("2026-12-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "ops");
        Assert.Equal((1, 4L), (purged.Runs, purged.Executions));
        Assert.Equal(0, Scalar(database, "SELECT count(*) FROM attempts"));
    }

    [Fact]
    public async Task A_database_of_a_newer_schema_is_refused_naming_both_versions()
    {
        await using TempDatabase database = await TempDatabase.CreateAsync();
        await Open(database).DisposeAsync();
        int newer = Known + 2;
        Scalar(database, $"INSERT INTO factory_schema (version, upgraded_at, by) VALUES ({newer}, 'later', 'a newer Factory')");

        var refused = Assert.Throws<LedgerException>(() => Open(database));

        Assert.Contains($"was written by a newer Factory: schema {newer}, this Factory knows up to {Known}", refused.Message, StringComparison.Ordinal);
        Assert.Contains(database.Name, refused.Message, StringComparison.Ordinal);
        Assert.Equal(newer, Scalar(database, "SELECT max(version) FROM factory_schema"));
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_an_upgrade_leaves_the_database_at_its_old_version()
    {
        // Schema 1, and an object in the way of step 3: step 2 makes factory_schema, then step 3 fails.
        await using TempDatabase database = await TempDatabase.CreateAsync();
        Apply(database, 1);
        Scalar(database, "CREATE VIEW audit_tenant AS SELECT 1 AS x");

        var failed = Assert.Throws<LedgerException>(() => Open(database));

        Assert.Contains($"could not be upgraded from schema 1 to {Known}: migration 3 (", failed.Message, StringComparison.Ordinal);
        Assert.Contains("still at schema 1", failed.Message, StringComparison.Ordinal);
        Assert.Equal(0, Scalar(database, "SELECT count(*) FROM pg_class WHERE relname = 'factory_schema'"));
        Assert.Equal(0, Scalar(database, "SELECT count(*) FROM audit"));
    }

    private static PostgresLedger Open(TempDatabase database) =>
        new(database.ConnectionString, new PostgresLedgerOptions { Inputs = LedgerJson.Default, FlightFolder = Path.Combine(Path.GetTempPath(), "factory-flight-" + database.Name) });

    /// <summary>Applies the first <paramref name="steps"/> migrations, and records the version where there is a table for it.</summary>
    private static void Apply(TempDatabase database, int steps)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        foreach (Migration migration in PostgresSchema.Migrations.Take(steps))
        {
            migration.Apply(connection, transaction);
        }

        if (steps >= 2)
        {
            PostgresSchema.WriteVersion(connection, transaction, steps, "2026-12-01T00:00:00.0000000Z", "test");
        }

        transaction.Commit();
    }

    /// <summary>SQL straight at the database: the first column of the first row as a number (0 when none); runs statements too.</summary>
    private static long Scalar(TempDatabase database, string sql)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}
