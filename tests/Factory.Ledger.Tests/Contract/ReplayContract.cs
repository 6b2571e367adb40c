using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger.Relational;
using Xunit;

namespace Factory.Ledger.Tests;

public abstract class ReplayContract(LedgerFixture fixture)
{
    private async Task<(TempLedger Temp, Journal Journal)> FailedRunAsync(string runId = "orders")
    {
        TempLedger temp = await fixture.OpenAsync();
        var journal = new Journal();

        // Orders 1 and 4 fail at Receive (they hold an Order); order 2 at Ship (it holds a Checked).
        await Runs.RunAsync(
            new OrderLine(new Receive(journal), new Ship(journal)),
            Runs.Orders(6, i => i switch { 1 or 4 => "bad", 2 => "late", _ => "ok" }),
            Runs.With(temp.Ledger, runId, new JobOrder("job-7", "acme")));
        return (temp, journal);
    }

    [Fact]
    public async Task Replaying_one_dead_letter_through_a_newer_line_records_the_new_run_links_it_and_audits_who_did_it()
    {
        (TempLedger temp, Journal journal) = await FailedRunAsync();
        await using var _ = temp;
        DeadLetterRecord letter = (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "orders", Station = "Receive" }))[0];

        ReplayResult<Shipped> result = await temp.Ledger.ReplayAsync(
            letter.Id,
            new OrderLineV2(new ReceiveV2(journal), new Ship(journal)),
            LedgerJson.Default.Order,
            new ReplayOptions { Actor = "alice", Reason = "Receive v2 takes bad orders" });

        Assert.Equal(new Shipped(1, "fixed"), Assert.Single(result.Outputs));
        Assert.Equal(new[] { letter.Id }, result.Replayed);
        Assert.Empty(result.Skipped);

        DeadLetterRecord replayed = (await temp.Ledger.GetDeadLetterAsync(letter.Id))!;
        Assert.Equal(DeadLetterStatus.Replayed, replayed.Status);
        Assert.Equal("alice", replayed.ResolvedBy);
        Assert.Equal(result.RunId, replayed.ReplayRunId);
        Assert.Equal(InputOutcome.Delivered, replayed.ReplayOutcome);
        Assert.Equal("Receive v2 takes bad orders", replayed.Reason);

        RunRecord run = (await temp.Ledger.GetRunAsync(result.RunId))!;
        Assert.Equal("OrderLineV2", run.Line);
        Assert.Equal(new[] { letter.Id }, run.ReplayOf);
        Assert.Equal("acme", run.Job.Tenant);
        Assert.Equal(RunStatus.Completed, run.Status);

        AuditEntry audit = Assert.Single(await temp.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.DeadLetterReplayed }));
        Assert.Equal("alice", audit.Actor);
        Assert.Equal($"dead-letter:{letter.Id}", audit.Target);
        Assert.Equal("acme", audit.Tenant);
        Assert.Contains(result.RunId, audit.Detail, StringComparison.Ordinal);

        // Replayed once: not again.
        var again = await Assert.ThrowsAsync<LedgerException>(() => temp.Ledger.ReplayAsync(
            letter.Id, new OrderLineV2(new ReceiveV2(journal), new Ship(journal)), LedgerJson.Default.Order, new ReplayOptions { Actor = "alice" }));
        Assert.Contains("replayed, not open", again.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LedgerException>(() => temp.Ledger.DiscardDeadLetterAsync(letter.Id, "dave", "too late"));
    }

    [Fact]
    public async Task Replaying_through_the_same_line_fails_again_and_the_new_failure_is_a_new_open_dead_letter()
    {
        (TempLedger temp, Journal journal) = await FailedRunAsync();
        await using var _ = temp;
        DeadLetterRecord letter = (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "orders", Station = "Receive" }))[0];

        ReplayResult<Shipped> result = await temp.Ledger.ReplayAsync(letter.Id, new OrderLine(new Receive(journal), new Ship(journal)), LedgerJson.Default.Order, new ReplayOptions { Actor = "bob" });

        Assert.Empty(result.Outputs);
        Assert.Equal(InputOutcome.DeadLettered, (await temp.Ledger.GetDeadLetterAsync(letter.Id))!.ReplayOutcome);
        DeadLetterRecord fresh = Assert.Single(await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = result.RunId }));
        Assert.Equal(DeadLetterStatus.Open, fresh.Status);
        Assert.Equal(letter.InputJson, fresh.InputJson);
    }

    [Fact]
    public async Task A_replay_cancelled_midway_opens_again_the_letters_it_did_not_finish_and_they_can_be_replayed()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var journal = new Journal();
        await Runs.RunAsync(
            new OrderLine(new Receive(journal), new Ship(journal)),
            Runs.Orders(6, i => i switch { 1 => "bad", 4 => "bad hold", _ => "ok" }),
            Runs.With(temp.Ledger, "held", new JobOrder("job-8", "acme")));
        DeadLetterRecord[] letters = [.. (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "held", Station = "Receive" })).OrderBy(l => l.MaterialId)];
        Assert.Equal(2, letters.Length);

        // The replay finishes order 1, while order 4 waits in the station until the replay is cancelled.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task<ReplayResult<Shipped>> replaying = temp.Ledger.ReplayRunAsync(
            "held", new HeldOrderLine(new HeldReceive(journal), new Ship(journal)), LedgerJson.Default.Order, new ReplayOptions { Actor = "carol" }, cancel.Token);
        while ((await temp.Ledger.GetDeadLetterAsync(letters[0].Id))!.ReplayOutcome != InputOutcome.Delivered)
        {
            Assert.False(replaying.IsCompleted, "the replay ended before order 1 was delivered");
            await Task.Delay(20);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => replaying);

        DeadLetterRecord finished = (await temp.Ledger.GetDeadLetterAsync(letters[0].Id))!;
        Assert.Equal((DeadLetterStatus.Replayed, InputOutcome.Delivered), (finished.Status, finished.ReplayOutcome));
        string replayRun = finished.ReplayRunId!;
        Assert.Equal(RunStatus.Cancelled, (await temp.Ledger.GetRunAsync(replayRun))!.Status);
        DeadLetterRecord unfinished = (await temp.Ledger.GetDeadLetterAsync(letters[1].Id))!;
        Assert.Equal(DeadLetterStatus.Open, unfinished.Status);
        Assert.Null(unfinished.ReplayRunId);
        AuditEntry reopened = Assert.Single(await temp.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.DeadLetterReopened }));
        Assert.Equal(("carol", $"dead-letter:{letters[1].Id}", "acme"), (reopened.Actor, reopened.Target, reopened.Tenant));
        Assert.Contains($"replay run {replayRun} ended cancelled", reopened.Detail, StringComparison.Ordinal);

        // The replay run is not started again (it would take the reopened letter twice).
        (Exception? restarted, _) = await OutageRuns.TryRunAsync(new HeldOrderLine(new HeldReceive(journal), new Ship(journal)), Runs.Orders(1), Runs.With(temp.Ledger, replayRun, new JobOrder("job-8", "acme")));
        Assert.Contains($"Run '{replayRun}' is a replay of dead letters; it is not started again.", OutageRuns.Messages(restarted!), StringComparison.Ordinal);

        // Open again, so replayed again: through a line that does not hold it.
        ReplayResult<Shipped> again = await temp.Ledger.ReplayAsync(
            letters[1].Id, new OrderLineV2(new ReceiveV2(journal), new Ship(journal)), LedgerJson.Default.Order, new ReplayOptions { Actor = "carol" });
        Assert.Equal(new Shipped(4, "fixed hold"), Assert.Single(again.Outputs));
        Assert.Equal(InputOutcome.Delivered, (await temp.Ledger.GetDeadLetterAsync(letters[1].Id))!.ReplayOutcome);
    }

    [Fact]
    public async Task A_replay_whose_process_died_leaves_its_unfinished_letters_to_the_next_replay_once_its_lease_ended()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using TempLedger temp = await fixture.OpenAsync(new LedgerSettings { Inputs = LedgerJson.Default, LeaseDuration = TimeSpan.FromSeconds(5), Clock = clock });
        var journal = new Journal();
        await Runs.RunAsync(
            new OrderLine(new Receive(journal), new Ship(journal)),
            Runs.Orders(6, i => i switch { 1 => "bad", 4 or 5 => "bad hold", _ => "ok" }),
            Runs.With(temp.Ledger, "held", new JobOrder("job-9", "acme")));
        DeadLetterRecord[] letters = [.. (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "held", Station = "Receive" })).OrderBy(l => l.MaterialId)];

        // Another process replays the three: order 1 is delivered, orders 4 and 5 wait in the station, and the process dies (its
        // ledger closes under the run, whose end and lease are never written again).
        RelationalLedger dying = temp.OpenAnother(temp.Settings);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task<ReplayResult<Shipped>> replaying = dying.ReplayRunAsync(
            "held", new HeldOrderLine(new HeldReceive(journal), new Ship(journal)), LedgerJson.Default.Order, new ReplayOptions { Actor = "carol" }, cancel.Token);
        while ((await temp.Ledger.GetDeadLetterAsync(letters[0].Id))!.ReplayOutcome != InputOutcome.Delivered)
        {
            Assert.False(replaying.IsCompleted, "the replay ended before order 1 was delivered");
            await Task.Delay(20);
        }

        await dying.DisposeAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => replaying);
        string replayRun = (await temp.Ledger.GetDeadLetterAsync(letters[0].Id))!.ReplayRunId!;
        Assert.Equal(RunStatus.Running, (await temp.Ledger.GetRunAsync(replayRun))!.Status);
        Assert.Equal(DeadLetterStatus.Replayed, (await temp.Ledger.GetDeadLetterAsync(letters[1].Id))!.Status);

        // While its lease holds (the ledger's clock has not moved), the replay may be alive elsewhere: its letter is not taken from it.
        LedgerException refused = await Assert.ThrowsAsync<LedgerException>(() => temp.Ledger.ReplayAsync(
            letters[1].Id, new OrderLineV2(new ReceiveV2(journal), new Ship(journal)), LedgerJson.Default.Order, new ReplayOptions { Actor = "dave" }));
        Assert.Contains("not open", refused.Message, StringComparison.Ordinal);

        // Once it ended, the next replay of the run opens the letter again, audited, and takes it; the finished one stays.
        clock.Now += TimeSpan.FromSeconds(6);
        ReplayResult<Shipped> again = await temp.Ledger.ReplayRunAsync(
            "held", new OrderLineV2(new ReceiveV2(journal), new Ship(journal)), LedgerJson.Default.Order, new ReplayOptions { Actor = "dave" });
        Assert.Equal(new[] { letters[1].Id, letters[2].Id }, again.Replayed.Order());
        Assert.Equal(new[] { new Shipped(4, "fixed hold"), new Shipped(5, "fixed hold") }, again.Outputs.OrderBy(s => s.Id));
        Assert.Equal(InputOutcome.Delivered, (await temp.Ledger.GetDeadLetterAsync(letters[0].Id))!.ReplayOutcome);
        IReadOnlyList<AuditEntry> reopened = await temp.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.DeadLetterReopened });
        Assert.Equal(new[] { $"dead-letter:{letters[1].Id}", $"dead-letter:{letters[2].Id}" }, reopened.Select(a => a.Target).Order());
        Assert.All(reopened, a => Assert.Equal(("dave", "acme"), (a.Actor, a.Tenant)));
        Assert.All(reopened, a => Assert.Contains($"replay run {replayRun} was left running by its process", a.Detail, StringComparison.Ordinal));

        // The abandoned replay run is over: failed, saying why, and no longer holding a lease.
        RunRecord abandoned = (await temp.Ledger.GetRunAsync(replayRun))!;
        Assert.Equal(RunStatus.Failed, abandoned.Status);
        Assert.StartsWith("abandoned: the process that ran this replay stopped holding it", abandoned.Error, StringComparison.Ordinal);
        Assert.NotNull(abandoned.Ended);
        Assert.Equal(0, temp.Scalar($"SELECT count(*) FROM leases WHERE run_id = '{replayRun}'"));
    }

    [Fact]
    public async Task Replaying_a_run_takes_the_letters_the_line_can_take_and_says_why_it_skipped_the_others()
    {
        (TempLedger temp, Journal journal) = await FailedRunAsync();
        await using var _ = temp;

        ReplayResult<Shipped> result = await temp.Ledger.ReplayRunAsync(
            "orders", new OrderLineV2(new ReceiveV2(journal), new Ship(journal)), LedgerJson.Default.Order, new ReplayOptions { Actor = "carol" });

        Assert.Equal(new[] { new Shipped(1, "fixed"), new Shipped(4, "fixed") }, result.Outputs.OrderBy(s => s.Id));
        Assert.Equal(2, result.Replayed.Count);
        ReplaySkip skip = Assert.Single(result.Skipped);
        Assert.Contains("Checked", skip.Reason, StringComparison.Ordinal);
        Assert.Equal(DeadLetterStatus.Open, (await temp.Ledger.GetDeadLetterAsync(skip.DeadLetterId))!.Status);
        Assert.Equal(2, (await temp.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.DeadLetterReplayed })).Count(a => a.Actor == "carol"));
        Assert.Equal(2, (await temp.Ledger.ListInputsAsync(result.RunId)).Count);
    }

    [Fact]
    public async Task Discarding_a_dead_letter_is_audited_and_final()
    {
        (TempLedger temp, Journal journal) = await FailedRunAsync();
        await using var _ = temp;
        DeadLetterRecord letter = (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "orders" }))[0];

        await temp.Ledger.DiscardDeadLetterAsync(letter.Id, "dave", "customer cancelled the order");

        DeadLetterRecord discarded = (await temp.Ledger.GetDeadLetterAsync(letter.Id))!;
        Assert.Equal(DeadLetterStatus.Discarded, discarded.Status);
        Assert.Equal("dave", discarded.ResolvedBy);
        Assert.Equal("customer cancelled the order", discarded.Reason);
        Assert.NotNull(discarded.ResolvedAt);
        AuditEntry audit = Assert.Single(await temp.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.DeadLetterDiscarded }));
        Assert.Equal(("dave", "acme", "reason: customer cancelled the order"), (audit.Actor, audit.Tenant, audit.Detail));
        Assert.Equal(2, (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "orders" })).Count);
        Assert.Equal(3, (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "orders", Status = null })).Count);

        var again = await Assert.ThrowsAsync<LedgerException>(() => temp.Ledger.DiscardDeadLetterAsync(letter.Id, "dave", "again"));
        Assert.Contains("is discarded, not open", again.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LedgerException>(() => temp.Ledger.ReplayAsync(
            letter.Id, new OrderLineV2(new ReceiveV2(journal), new Ship(journal)), LedgerJson.Default.Order, new ReplayOptions { Actor = "dave" }));
        await Assert.ThrowsAsync<LedgerException>(() => temp.Ledger.DiscardDeadLetterAsync(999_999, "dave", "no such letter"));
    }

    [Fact]
    public async Task A_replay_refuses_a_line_of_another_input_type_and_a_job_of_another_tenant()
    {
        (TempLedger temp, Journal journal) = await FailedRunAsync();
        await using var _ = temp;
        DeadLetterRecord atShip = (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "orders", Station = "Ship" }))[0];
        DeadLetterRecord atReceive = (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "orders", Station = "Receive" }))[0];

        var wrongType = await Assert.ThrowsAsync<LedgerException>(() => temp.Ledger.ReplayAsync(
            atShip.Id, new OrderLineV2(new ReceiveV2(journal), new Ship(journal)), LedgerJson.Default.Order, new ReplayOptions { Actor = "erin" }));
        Assert.Contains("Factory.Ledger.Tests.Checked", wrongType.Message, StringComparison.Ordinal);

        var wrongTenant = await Assert.ThrowsAsync<LedgerException>(() => temp.Ledger.ReplayAsync(
            atReceive.Id, new OrderLineV2(new ReceiveV2(journal), new Ship(journal)), LedgerJson.Default.Order, new ReplayOptions { Actor = "erin", Job = new JobOrder("x", "globex") }));
        Assert.Contains("tenant 'acme'", wrongTenant.Message, StringComparison.Ordinal);

        // Neither attempt claimed anything or wrote to the audit.
        Assert.Equal(3, (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "orders" })).Count);
        Assert.Empty(await temp.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.DeadLetterReplayed }));
    }
}
