using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>
/// Retention (<see cref="ILedger.PurgeAsync"/>): finished runs older than the cut-off lose their
/// materials and attempts and are marked purged; everything resume, replay and the audit rest on stays.
/// </summary>
public abstract class PurgeContract(LedgerFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] Old = ["old-1", "old-2"];

    [Fact]
    public async Task A_purge_removes_only_old_finished_runs_materials_and_attempts_keeps_the_rest_marks_them_and_audits_once()
    {
        var clock = new ManualClock(T0);
        await using TempLedger temp = await fixture.OpenAsync(LedgerSettings.Default with { Clock = clock });

        // A run still going (started at T0, older than the cut-off), two finished at T0, one finished two days later.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var journal = new Journal();
        LineRun<Order, Shipped> running = new HeldLine(new Held(journal, gate, freeBelow: 2), new Ship(journal)).Start(Runs.With(temp.Ledger, "running"));
        foreach (Order order in Runs.Orders(4))
        {
            await running.Input.WriteAsync(order);
        }

        running.Input.Complete();

        // Orders 0 and 1 pass the gate; 2 and 3 wait in Held until it opens.
        Assert.True(await running.Output.WaitToReadAsync());
        Assert.True(running.Output.TryRead(out _));
        Assert.True(await running.Output.WaitToReadAsync());
        Assert.True(running.Output.TryRead(out _));
        await RecordAsync(temp, "old-1");
        await RecordAsync(temp, "old-2");
        clock.Now = T0.AddDays(2);
        await RecordAsync(temp, "new");
        await temp.Ledger.FlushAsync();

        long oldMaterials = temp.Scalar("SELECT count(*) FROM materials WHERE run_id IN ('old-1', 'old-2')");
        long oldExecutions = temp.Scalar("SELECT count(*) FROM executions WHERE run_id IN ('old-1', 'old-2')");
        long keptMaterials = temp.Scalar("SELECT count(*) FROM materials WHERE run_id IN ('new', 'running')");
        long keptExecutions = temp.Scalar("SELECT count(*) FROM executions WHERE run_id IN ('new', 'running')");
        Assert.True(oldMaterials > 0 && oldExecutions > 0 && keptMaterials > 0 && keptExecutions > 0);
        long inputs = temp.Scalar("SELECT count(*) FROM inputs");
        long outcomes = temp.Scalar("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL");
        long letters = temp.Scalar("SELECT count(*) FROM dead_letters");
        long audit = temp.Scalar("SELECT count(*) FROM audit");
        RunRecord before = (await temp.Ledger.GetRunAsync("old-1"))!;
        DeadLetterRecord letter = (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "old-1" })).Single();
        Assert.NotEmpty(await temp.Ledger.GetProvenanceAsync("old-1", letter.MaterialId));

        clock.Now = T0.AddDays(3);
        PurgeReport report = await temp.Ledger.PurgeAsync(T0.AddDays(1), "ops@factory");

        Assert.Equal(new PurgeReport(2, oldMaterials, oldExecutions), report);
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM materials WHERE run_id IN ('old-1', 'old-2')"));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM executions WHERE run_id IN ('old-1', 'old-2')"));
        Assert.Equal(keptMaterials, temp.Scalar("SELECT count(*) FROM materials WHERE run_id IN ('new', 'running')"));
        Assert.Equal(keptExecutions, temp.Scalar("SELECT count(*) FROM executions WHERE run_id IN ('new', 'running')"));
        Assert.Equal(inputs, temp.Scalar("SELECT count(*) FROM inputs"));
        Assert.Equal(outcomes, temp.Scalar("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL"));
        Assert.Equal(letters, temp.Scalar("SELECT count(*) FROM dead_letters"));
        Assert.Equal(audit + 1, temp.Scalar("SELECT count(*) FROM audit"));

        // A purged run says so; its provenance is gone, its outcomes, counts and dead letters are not.
        foreach (string runId in Old)
        {
            RunRecord purged = (await temp.Ledger.GetRunAsync(runId))!;
            Assert.Equal(T0.AddDays(3), purged.Purged);
            Assert.Empty(await temp.Ledger.ListMaterialsAsync(runId));
        }

        RunRecord after = (await temp.Ledger.GetRunAsync("old-1"))!;
        Assert.Equal((before.Status, before.Inputs, before.InputsDone, before.DeadLetters), (after.Status, after.Inputs, after.InputsDone, after.DeadLetters));
        Assert.Empty(await temp.Ledger.GetProvenanceAsync("old-1", letter.MaterialId));
        Assert.Equal(4, (await temp.Ledger.ListInputsAsync("old-1")).Count(i => i.Outcome is not null));
        Assert.Equal(letter, await temp.Ledger.GetDeadLetterAsync(letter.Id));
        Assert.Null((await temp.Ledger.GetRunAsync("new"))!.Purged);
        Assert.Null((await temp.Ledger.GetRunAsync("running"))!.Purged);
        Assert.Equal(RunStatus.Running, (await temp.Ledger.GetRunAsync("running"))!.Status);

        AuditEntry entry = (await temp.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.LedgerPurged })).Single();
        Assert.Equal("ops@factory", entry.Actor);
        Assert.Equal("ledger", entry.Target);
        Assert.Null(entry.Tenant);
        Assert.Equal(T0.AddDays(3), entry.Time);
        Assert.Contains($"ended before {ManualClock.Text(T0.AddDays(1))}: 2 runs, {oldMaterials} materials, {oldExecutions} attempts removed", entry.Detail, StringComparison.Ordinal);

        // The running run goes on and ends now (day 3): a second purge with the same cut-off finds nothing, and says so.
        gate.SetResult();
        Assert.Equal(2, (await running.Output.ReadAllAsync().ToListAsync()).Count);
        Assert.Equal(LineOutcome.Completed, (await running.Completion).Outcome);
        Assert.Equal(new PurgeReport(0, 0, 0), await temp.Ledger.PurgeAsync(T0.AddDays(1), "ops@factory"));
        Assert.Equal(2, (await temp.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.LedgerPurged })).Count);
        Assert.Equal(keptExecutions + 4, temp.Scalar("SELECT count(*) FROM executions WHERE run_id IN ('new', 'running')"));
    }

    [Fact]
    public async Task A_purged_run_resumed_and_ended_again_can_be_purged_again()
    {
        var clock = new ManualClock(T0);
        await using TempLedger temp = await fixture.OpenAsync(LedgerSettings.Default with { Clock = clock });
        await RecordAsync(temp, "old-1");
        clock.Now = T0.AddDays(1);
        Assert.Equal(1, (await temp.Ledger.PurgeAsync(clock.Now, "ops")).Runs);

        // The resume lets in the order that was not there before: its material and attempts are recorded.
        clock.Now = T0.AddDays(2);
        var journal = new Journal();
        await Runs.RunAsync(new OrderLine(new Receive(journal), new Ship(journal)), Runs.Orders(5, Text), Runs.With(temp.Ledger, "old-1", Job));
        Assert.Equal(1, temp.Scalar("SELECT count(*) FROM materials WHERE run_id = 'old-1'"));
        Assert.Equal(T0.AddDays(1), (await temp.Ledger.GetRunAsync("old-1"))!.Purged);

        clock.Now = T0.AddDays(3);
        PurgeReport again = await temp.Ledger.PurgeAsync(clock.Now, "ops");
        Assert.Equal(new PurgeReport(1, 1, 2), again);
        Assert.Equal(T0.AddDays(3), (await temp.Ledger.GetRunAsync("old-1"))!.Purged);
    }

    [Fact]
    public async Task A_purge_needs_an_actor_and_a_cancelled_one_does_nothing()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await RecordAsync(temp, "old-1");

        await Assert.ThrowsAnyAsync<ArgumentException>(() => temp.Ledger.PurgeAsync(DateTimeOffset.UtcNow.AddDays(1), " "));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => temp.Ledger.PurgeAsync(DateTimeOffset.UtcNow.AddDays(1), "ops", new CancellationToken(canceled: true)));

        Assert.Null((await temp.Ledger.GetRunAsync("old-1"))!.Purged);
        Assert.Empty(await temp.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.LedgerPurged }));
    }

    private static readonly JobOrder Job = new("job-1", "acme");

    private static string Text(int i) => i == 2 ? "bad one" : $"order {i}";

    /// <summary>Four orders, order 2 bad (a dead letter with two failed attempts), to the end.</summary>
    private static async Task RecordAsync(TempLedger temp, string runId)
    {
        var journal = new Journal();
        await Runs.RunAsync(new OrderLine(new Receive(journal), new Ship(journal)), Runs.Orders(4, Text), Runs.With(temp.Ledger, runId, Job));
    }
}
