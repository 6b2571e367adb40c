using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Ledger.Tests;

public abstract class ResumeContract(LedgerFixture fixture)
{
    [Fact]
    public async Task A_cancelled_run_resumes_with_the_same_id_and_skips_inputs_that_have_their_outcome()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var orders = Runs.Orders(60, i => i % 10 == 9 ? "late" : "ok");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new Journal();

        // Orders 0-9 go through; 10-19 are held in flight when the run stops.
        var line = new HeldLine(new Held(first, gate, freeBelow: 10), new Ship(first));
        using var cancel = new CancellationTokenSource();
        LineRun<Order, Shipped> run = line.Start(Runs.With(temp.Ledger, "resume", new JobOrder("job", "acme"), actor: "alice"), cancel.Token);
        foreach (Order order in orders.Take(20))
        {
            await run.Input.WriteAsync(order);
        }

        int read = 0;
        await foreach (Shipped _ in run.Output.ReadAllAsync())
        {
            if (++read == 9)
            {
                break;
            }
        }

        while (true)
        {
            await temp.Ledger.FlushAsync();
            if (temp.Scalar("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL") == 10)
            {
                break;
            }

            await Task.Delay(10);
        }

        await cancel.CancelAsync();
        LineReport stopped = await run.Completion;
        Assert.Equal(LineOutcome.Cancelled, stopped.Outcome);
        Assert.Equal(RunStatus.Cancelled, (await temp.Ledger.GetRunAsync("resume"))!.Status);
        var doneBefore = (await temp.Ledger.ListInputsAsync("resume")).Where(i => i.Outcome is not null).Select(i => i.Sequence).ToHashSet();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), doneBefore.Order());

        // A new process: the ledger reopened, the same run id, the whole input again.
        await temp.ReopenAsync();
        var second = new Journal();
        var resumed = new HeldLine(new Held(second, gate), new Ship(second));
        (LineReport report, var outputs) = await Runs.RunAsync(resumed, orders, Runs.With(temp.Ledger, "resume", new JobOrder("job", "acme"), actor: "bob"));

        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(60 - doneBefore.Count, report.In);
        var processedAgain = second.Entries.Where(e => e.Station == "Held").Select(e => e.Material - 1).ToHashSet();
        Assert.Empty(processedAgain.Intersect(doneBefore));
        var inputs = await temp.Ledger.ListInputsAsync("resume");
        Assert.Equal(60, inputs.Count);
        Assert.All(inputs, i => Assert.NotNull(i.Outcome));
        Assert.All(inputs, i => Assert.Equal(i.Sequence is >= 10 and < 20 ? 2 : 1, i.Entries));
        Assert.Equal(6, inputs.Count(i => i.Outcome == InputOutcome.DeadLettered));
        Assert.Equal(6, temp.Scalar("SELECT count(*) FROM dead_letters WHERE run_id = 'resume'"));

        RunRecord record = (await temp.Ledger.GetRunAsync("resume"))!;
        Assert.Equal(2, record.Starts);
        Assert.Equal(RunStatus.Completed, record.Status);
        AuditEntry resume = Assert.Single(await temp.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.RunResumed }));
        Assert.Equal("bob", resume.Actor);
        Assert.Equal("resume", resume.Target);
        Assert.Equal(2, temp.Scalar("SELECT max(start_no) FROM executions"));
    }

    [Fact]
    public async Task A_run_past_its_deadline_leaves_unfinished_inputs_without_an_outcome_and_a_resume_finishes_them()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        // 400 orders x 10 ms on two workers: about 2 s of work against a 600 ms deadline.
        var orders = Runs.Orders(400);
        var line = new StampLine(new Stamp(delayMs: 10));
        var late = new JobOrder("job", "acme") { Budget = new JobBudget(Deadline: DateTimeOffset.UtcNow.AddMilliseconds(600)) };
        await Assert.ThrowsAsync<TimeoutException>(async () =>
        {
            await foreach (Shipped _ in line.RunAsync(orders, Runs.With(temp.Ledger, "deadline", late)))
            {
            }
        });

        RunRecord stopped = (await temp.Ledger.GetRunAsync("deadline"))!;
        Assert.Equal(RunStatus.DeadlineExceeded, stopped.Status);
        Assert.InRange(stopped.InputsDone, 0, 399);

        var outputs = new List<Shipped>();
        await foreach (Shipped shipped in line.RunAsync(orders, Runs.With(temp.Ledger, "deadline", new JobOrder("job", "acme"))))
        {
            outputs.Add(shipped);
        }

        Assert.Equal(400 - stopped.InputsDone, outputs.Count);
        RunRecord finished = (await temp.Ledger.GetRunAsync("deadline"))!;
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Equal(400, finished.InputsDone);
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM inputs WHERE entries > 1 AND finished_start = 1"));
        Assert.Equal(400 - stopped.InputsDone, temp.Scalar("SELECT count(*) FROM inputs WHERE finished_start = 2"));
    }

    [Fact]
    public async Task A_run_id_cannot_be_resumed_by_another_tenant_or_another_line_or_twice_at_once()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var journal = new Journal();
        await Runs.RunAsync(new OrderLine(new Receive(journal), new Ship(journal)), Runs.Orders(3), Runs.With(temp.Ledger, "owned", new JobOrder("job", "acme")));

        var otherTenant = Assert.Throws<LedgerException>(() => new OrderLine(new Receive(journal), new Ship(journal)).Start(Runs.With(temp.Ledger, "owned", new JobOrder("job", "globex"))));
        Assert.Contains("tenant 'acme'", otherTenant.Message, StringComparison.Ordinal);
        var otherLine = Assert.Throws<LedgerException>(() => new StampLine(new Stamp(1)).Start(Runs.With(temp.Ledger, "owned", new JobOrder("job", "acme"))));
        Assert.Contains("OrderLine", otherLine.Message, StringComparison.Ordinal);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new HeldLine(new Held(journal, gate), new Ship(journal));
        LineRun<Order, Shipped> running = held.Start(Runs.With(temp.Ledger, "twice"));
        var twice = Assert.Throws<LedgerException>(() => held.Start(Runs.With(temp.Ledger, "twice")));
        Assert.Contains("already running", twice.Message, StringComparison.Ordinal);
        gate.SetResult();
        running.Input.Complete();
        await running.Completion;

        // Once it ended, the same id may start again (a resume with nothing left to do).
        LineRun<Order, Shipped> again = held.Start(Runs.With(temp.Ledger, "twice"));
        again.Input.Complete();
        Assert.Equal(LineOutcome.Completed, (await again.Completion).Outcome);
    }

    [Fact]
    public async Task An_observer_records_one_run_only()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        RunObserver observer = temp.Ledger.Observe();
        var journal = new Journal();
        var line = new OrderLine(new Receive(journal), new Ship(journal));
        await Runs.RunAsync(line, Runs.Orders(1), new RunOptions { Observers = [observer] });
        Assert.Throws<LedgerException>(() => line.Start(new RunOptions { Observers = [observer] }));
    }
}
