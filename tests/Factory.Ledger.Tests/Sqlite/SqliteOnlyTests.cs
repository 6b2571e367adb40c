using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>
/// What only the SQLite ledger does (docs/ledger.md, "What only one ledger does"): its schema version
/// in <c>PRAGMA user_version</c>, and files of main that say schema 1 but differ by age, which a
/// PostgreSQL ledger never had. A file written by main (Data/) opens upgraded in one transaction,
/// a newer one is refused naming both versions, a failed upgrade leaves the file as it was.
/// </summary>
public sealed class SqliteOnlyTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private static int Known => Schema.Migrations.Count;

    [Fact]
    public async Task A_new_ledger_is_at_the_current_schema_and_its_audit_has_no_upgrade()
    {
        await using TempLedger temp = await fixture.OpenAsync();

        Assert.Equal(Known, temp.Scalar("PRAGMA user_version"));
        Assert.Empty(await temp.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.LedgerUpgraded }));
    }

    [Fact]
    public async Task A_file_written_by_main_opens_upgraded_once_audited_and_reads_back_its_run()
    {
        using var files = new LedgerFiles();
        string path = files.Copy(LedgerFiles.Main);
        Assert.Equal(1, Scalar(path, "PRAGMA user_version"));

        await using (var ledger = new SqliteLedger(path))
        {
            Assert.Equal(Known, Scalar(path, "PRAGMA user_version"));
            AuditEntry upgrade = (await ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.LedgerUpgraded })).Single();
            Assert.StartsWith($"schema 1 -> {Known}: 2 (", upgrade.Detail, StringComparison.Ordinal);
            Assert.Equal(("system", "ledger", (string?)null), (upgrade.Actor, upgrade.Target, upgrade.Tenant));

            RunRecord run = (await ledger.GetRunAsync("run-main"))!;
            Assert.Equal((RunStatus.Completed, "crash-tenant"), (run.Status, run.Job.Tenant));
            Assert.Equal((30L, 30L, 5L), (run.Inputs, run.InputsDone, run.DeadLetters));
            var inputs = await ledger.ListInputsAsync("run-main");
            Assert.Equal(30, inputs.Count);
            Assert.Equal(4, inputs.Count(i => i.Outcome == InputOutcome.DeadLettered));
            Assert.Equal(5, (await ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "run-main", Status = null })).Count);
            var materials = await ledger.ListMaterialsAsync("run-main");
            Assert.Equal(66, materials.Count);
            int executions = 0;
            foreach (MaterialRecord material in materials)
            {
                executions += (await ledger.GetProvenanceAsync("run-main", material.Id)).Count;
            }

            Assert.Equal(97, executions);
        }

        // Opened again, it is at the current schema: nothing more to do, nothing more audited.
        await using (var again = new SqliteLedger(path))
        {
            Assert.Single(await again.ListAuditAsync(new AuditQuery { Action = AuditActions.LedgerUpgraded }));
        }
    }

    [Fact]
    public async Task Run_main_of_a_file_written_by_main_resumes_after_the_upgrade()
    {
        using var files = new LedgerFiles();
        string path = files.Copy(LedgerFiles.Main);

        // Main's crash host was Factory.Ledger.Sqlite.TestHost.CrashLine; the same line is now in Factory.Ledger.TestHost.
        Scalar(path, "UPDATE runs SET line_type = 'Factory.Ledger.TestHost.CrashLine' WHERE run_id = 'run-main'");

        // The crash test's host (its line and tenant are run-main's) opens and upgrades the file, then
        // resumes the run with five inputs more than it had: 30 are done, 30..34 run now (30 splits in two, 31 fails).
        HostProcess.Ended host = await HostProcess.WaitAsync(HostProcess.Start(path, "run-main", files.New("side.txt"), "35", "1"));
        Assert.True(host.ExitCode == 0, host.ToString());
        Assert.Contains("done: 5 outputs", host.Output, StringComparison.Ordinal);

        Assert.Equal(Known, Scalar(path, "PRAGMA user_version"));
        await using var ledger = new SqliteLedger(path);
        RunRecord run = (await ledger.GetRunAsync("run-main"))!;
        Assert.Equal((RunStatus.Completed, 2), (run.Status, run.Starts));
        Assert.Equal((35L, 35L, 6L), (run.Inputs, run.InputsDone, run.DeadLetters));
        Assert.All(await ledger.ListInputsAsync("run-main"), i => Assert.Equal(1, i.Entries));
        Assert.Contains("30 inputs already have their outcome", (await ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.RunResumed })).Single().Detail, StringComparison.Ordinal);
        Assert.Single(await ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.LedgerUpgraded }));
    }

    [Fact]
    public async Task A_file_of_a_newer_schema_is_refused_naming_both_versions_and_is_left_as_it_is()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await temp.Ledger.DisposeAsync();
        string path = ((SqliteTempLedger)temp).DatabasePath;
        int newer = Known + 2;
        temp.Scalar($"PRAGMA user_version = {newer}");
        long audit = temp.Scalar("SELECT count(*) FROM audit");

        var refused = Assert.Throws<LedgerException>(() => new SqliteLedger(path));

        Assert.Contains($"The ledger {path} was written by a newer Factory: schema {newer}, this Factory knows up to {Known}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade Factory", refused.Message, StringComparison.Ordinal);
        Assert.Equal(newer, temp.Scalar("PRAGMA user_version"));
        Assert.Equal(audit, temp.Scalar("SELECT count(*) FROM audit"));
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_an_upgrade_leaves_the_file_at_its_old_version_then_a_retry_brings_the_oldest_shape_up_to_date()
    {
        using var files = new LedgerFiles();
        string path = files.Copy(LedgerFiles.Main);

        // The oldest shape of schema 1 (no leases, no crash columns), and an object in the way of step 3:
        // step 2 changes the file, then step 3 fails.
        Scalar(path, "DROP TABLE leases");
        Scalar(path, "ALTER TABLE inputs DROP COLUMN crashes");
        Scalar(path, "ALTER TABLE inputs DROP COLUMN crash_station");
        Scalar(path, "ALTER TABLE runs DROP COLUMN crashes_counted");
        Scalar(path, "CREATE VIEW audit_tenant AS SELECT 1 AS x");
        long audit = Scalar(path, "SELECT count(*) FROM audit");

        var failed = Assert.Throws<LedgerException>(() => new SqliteLedger(path));

        Assert.Contains($"{path} could not be upgraded from schema 1 to {Known}: migration 3 (", failed.Message, StringComparison.Ordinal);
        Assert.Contains("audit_tenant", failed.Message, StringComparison.Ordinal);
        Assert.Contains("still at schema 1", failed.Message, StringComparison.Ordinal);
        Assert.Equal(1, Scalar(path, "PRAGMA user_version"));
        Assert.Throws<SqliteException>(() => Scalar(path, "SELECT count(*) FROM leases"));
        Assert.Throws<SqliteException>(() => Scalar(path, "SELECT count(crash_station) FROM inputs"));
        Assert.Throws<SqliteException>(() => Scalar(path, "SELECT count(crashes_counted) FROM runs"));
        Assert.Equal(audit, Scalar(path, "SELECT count(*) FROM audit"));

        // Out of the way, the same file upgrades: step 2 gives it what its age lacks, and runs use it.
        Scalar(path, "DROP VIEW audit_tenant");
        await using var ledger = new SqliteLedger(path, new SqliteLedgerOptions { Inputs = LedgerJson.Default });
        Assert.Equal(Known, Scalar(path, "PRAGMA user_version"));
        Assert.Equal(0, Scalar(path, "SELECT count(*) FROM leases"));
        Assert.Equal(0, Scalar(path, "SELECT count(crash_station) FROM inputs"));
        Assert.Equal(30, (await ledger.ListInputsAsync("run-main")).Count);
        Assert.All(await ledger.ListInputsAsync("run-main"), i => Assert.Equal(0, i.Crashes));
        Assert.Single(await ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.LedgerUpgraded }));
        await Runs.RunAsync(new StampLine(new Stamp(0)), Runs.Orders(3), Runs.With(ledger, "after-upgrade"));
        await Runs.RunAsync(new StampLine(new Stamp(0)), Runs.Orders(4), Runs.With(ledger, "after-upgrade"));
        Assert.Equal(4, (await ledger.GetRunAsync("after-upgrade"))!.InputsDone);
        Assert.Equal(0, Scalar(path, "SELECT count(*) FROM leases"));
        Assert.Equal(1, Scalar(path, "SELECT crashes_counted FROM runs WHERE run_id = 'after-upgrade'"));
    }

    [Fact]
    public void A_file_that_is_not_a_ledger_is_refused_naming_it()
    {
        using var files = new LedgerFiles();
        string path = files.New("not-a-ledger.db");
        File.WriteAllText(path, new string('x', 4096));

        var refused = Assert.Throws<LedgerException>(() => new SqliteLedger(path));

        Assert.Contains($"The ledger {path} cannot be opened: ", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>SQL straight at a ledger file of <see cref="LedgerFiles"/>: the first column of the first row as a number (0 when none); runs statements too.</summary>
    private static long Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}
