using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger.Relational;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>
/// The run lease, in one process: a second ledger on the same database is another
/// holder, as another process would be. Clocks are moved by hand where expiry matters.
/// </summary>
public abstract class LeaseContract(LedgerFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_event_a_run_sends_after_its_end_is_written_is_not_taken_for_a_lost_lease()
    {
        // A cancelled run can still hear an input its caller was writing as it ended: that event reaches the
        // writer after the end released the lease, and must not look like another process taking the run.
        await using TempLedger temp = await fixture.OpenAsync(new LedgerSettings { Inputs = LedgerJson.Default });
        var recorder = (RunRecorder)temp.Ledger.Observe();
        var run = new RunInfo("late", OrderLine.Descriptor, new JobOrder("job", "acme"), DateTimeOffset.UtcNow);
        recorder.RunStarting(run);
        recorder.Entered(new MaterialInfo(1, 0, 0, 0), new Order(0, "order 0"));
        recorder.Delivered(new MaterialInfo(1, 0, 0, 0));
        recorder.RunEnded(run, null, null);

        recorder.Entered(new MaterialInfo(2, 0, 1, 1), new Order(1, "order 1"));
        await temp.Ledger.FlushAsync();

        Assert.Null(recorder.LeaseLost);
        Assert.Equal(RunStatus.Completed, (await temp.Ledger.GetRunAsync("late"))!.Status);
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM leases WHERE run_id = 'late'"));
    }

    [Fact]
    public async Task A_second_holder_is_refused_while_the_lease_lives_takes_over_once_it_expired_and_the_first_stops_writing()
    {
        var clockA = new ManualClock(T0);
        await using TempLedger temp = await fixture.OpenAsync(new LedgerSettings { Inputs = LedgerJson.Default, Clock = clockA });
        var clockB = new ManualClock(T0.AddSeconds(10));
        await using RelationalLedger other = temp.OpenAnother(temp.Settings with { Clock = clockB });

        // The first holder: every order waits at the gate.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new Journal();
        LineRun<Order, Shipped> holding = new HeldLine(new Held(first, gate, freeBelow: 0), new Ship(first)).Start(Runs.With(temp.Ledger, "leased"));
        foreach (Order order in Runs.Orders(5))
        {
            await holding.Input.WriteAsync(order);
        }

        holding.Input.Complete();
        Task draining = DrainAsync(holding);

        var second = new Journal();
        var line = new HeldLine(new Held(second, gate), new Ship(second));
        var refused = Assert.Throws<LedgerException>(() => line.Start(Runs.With(other, "leased")));
        string holder = $"process {Environment.ProcessId} on host '{Environment.MachineName}'";
        Assert.Contains($"Run 'leased' is held by {holder} since {ManualClock.Text(T0)}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"lease expires {ManualClock.Text(T0.AddSeconds(30))}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"Wait for it to end, or after {ManualClock.Text(T0.AddSeconds(30))} start it again to take over", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, temp.Scalar("SELECT starts FROM runs WHERE run_id = 'leased'"));

        // Past the expiry (no heartbeat moved it: the first holder's timer beats every 10 s of real time).
        clockB.Now = T0.AddSeconds(31);
        LineRun<Order, Shipped> takenOver = line.Start(Runs.With(other, "leased", actor: "bob"));
        AuditEntry takeOver = Assert.Single(await other.ListAuditAsync(new AuditQuery { Action = AuditActions.RunLeaseTakenOver }));
        Assert.Equal("bob", takeOver.Actor);
        Assert.Equal("leased", takeOver.Target);
        Assert.StartsWith($"from {holder} (instance ", takeOver.Detail, StringComparison.Ordinal);
        Assert.Contains($"holder since {ManualClock.Text(T0)}", takeOver.Detail, StringComparison.Ordinal);
        Assert.Contains($"expired {ManualClock.Text(T0.AddSeconds(30))}", takeOver.Detail, StringComparison.Ordinal);

        // The first holder goes on: its next batch finds the lease gone, nothing more of it is written, and its run stops.
        gate.SetResult();
        var lost = await Assert.ThrowsAnyAsync<Exception>(() => holding.Completion);
        Assert.Contains("Run 'leased' lost its lease: " + holder + " took it over at " + ManualClock.Text(T0.AddSeconds(31)), lost.Message, StringComparison.Ordinal);
        await draining;
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM executions WHERE station = 'Held'"));
        Assert.Equal("running", temp.Rows("SELECT status FROM runs WHERE run_id = 'leased'")[0][0]);

        // The new holder runs the inputs and ends the run; its end releases the lease.
        foreach (Order order in Runs.Orders(5))
        {
            await takenOver.Input.WriteAsync(order);
        }

        takenOver.Input.Complete();
        Assert.Equal(5, (await takenOver.Output.ReadAllAsync().ToListAsync()).Count);
        Assert.Equal(LineOutcome.Completed, (await takenOver.Completion).Outcome);
        Assert.Equal(5, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'leased' AND outcome = 'delivered' AND finished_start = 2"));
        Assert.Equal(5, temp.Scalar("SELECT count(*) FROM executions WHERE station = 'Held' AND start_no = 2"));
        Assert.Equal("completed", temp.Rows("SELECT status FROM runs WHERE run_id = 'leased'")[0][0]);
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM leases"));

        static async Task DrainAsync(LineRun<Order, Shipped> run)
        {
            try
            {
                await foreach (Shipped _ in run.Output.ReadAllAsync())
                {
                }
            }
            catch (Exception)
            {
                // The run stopped: its output ends with its error, which Completion reports.
            }
        }
    }

    [Fact]
    public async Task Two_ledgers_starting_one_new_run_at_the_same_moment_take_turns_one_runs_it_and_the_other_is_refused()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await using RelationalLedger other = temp.OpenAnother(temp.Settings);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var journal = new Journal();
        var line = new HeldLine(new Held(journal, gate, freeBelow: 0), new Ship(journal));

        // Five races, each released by a barrier so both starts reach the ledger together.
        for (int round = 0; round < 5; round++)
        {
            string runId = $"race-{round}";
            using var start = new Barrier(2);
            Task<LineRun<Order, Shipped>>[] starts = new[] { temp.Ledger, other }.Select(ledger => Task.Run(() =>
            {
                RunOptions options = Runs.With(ledger, runId);
                start.SignalAndWait();
                return line.Start(options);
            })).ToArray();
            await Task.WhenAll(starts.Select(s => s.ContinueWith(_ => { }, TaskScheduler.Default)));

            LineRun<Order, Shipped> winner = await Assert.Single(starts, s => s.IsCompletedSuccessfully);
            Exception refusal = Assert.Single(starts, s => s.IsFaulted).Exception!.InnerException!;
            Assert.Contains($"Run '{runId}' is held by", Assert.IsType<LedgerException>(refusal).Message, StringComparison.Ordinal);
            Assert.Equal(1, temp.Scalar($"SELECT starts FROM runs WHERE run_id = '{runId}'"));
            winner.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (Shipped _ in winner.Output.ReadAllAsync())
                {
                }
            });
            await winner.Completion;
        }

        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM leases"));
    }

    [Fact]
    public async Task A_live_holder_renews_its_lease_so_another_is_refused_long_after_the_first_expiry_and_starts_once_it_ended()
    {
        // A lease of 1 s, renewed every 333 ms: with 300 ms (every 100 ms) a renewal held up by the whole
        // suite on two cores once let the lease lapse, and the other starter was let in.
        await using TempLedger temp = await fixture.OpenAsync(new LedgerSettings { Inputs = LedgerJson.Default, LeaseDuration = TimeSpan.FromSeconds(1) });
        await using RelationalLedger other = temp.OpenAnother(temp.Settings);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var journal = new Journal();
        var line = new HeldLine(new Held(journal, gate, freeBelow: 0), new Ship(journal));
        LineRun<Order, Shipped> holding = line.Start(Runs.With(temp.Ledger, "renewed"));
        await holding.Input.WriteAsync(new Order(0, "ok"));
        string acquired = (string)temp.Rows("SELECT acquired FROM leases")[0][0]!;

        // Four lease durations later the first holder is still there, renewed all along.
        await Task.Delay(4_000);
        var refused = Assert.Throws<LedgerException>(() => line.Start(Runs.With(other, "renewed")));
        Assert.Contains("is held by", refused.Message, StringComparison.Ordinal);
        var lease = temp.Rows("SELECT acquired, heartbeat, expires FROM leases")[0];
        Assert.Equal(acquired, lease[0]);
        Assert.True(string.CompareOrdinal((string)lease[1]!, acquired) > 0, $"heartbeat {lease[1]} after acquired {acquired}");
        Assert.True(DateTimeOffset.Parse((string)lease[2]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow, $"expires {lease[2]} is in the future");

        gate.SetResult();
        holding.Input.Complete();
        Assert.Single(await holding.Output.ReadAllAsync().ToListAsync());
        Assert.Equal(LineOutcome.Completed, (await holding.Completion).Outcome);
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM leases"));

        LineRun<Order, Shipped> again = line.Start(Runs.With(other, "renewed"));
        again.Input.Complete();
        Assert.Equal(LineOutcome.Completed, (await again.Completion).Outcome);
        Assert.Empty(await other.ListAuditAsync(new AuditQuery { Action = AuditActions.RunLeaseTakenOver }));
    }

    [Fact]
    public async Task A_run_releases_its_lease_when_it_completes_is_cancelled_fails_or_passes_its_deadline()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var line = new StampLine(new Stamp(delayMs: 5));

        await foreach (Shipped _ in line.RunAsync(Runs.Orders(3), Runs.With(temp.Ledger, "completes")))
        {
        }

        using (var cancel = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (Shipped _ in line.RunAsync(Runs.Orders(100), Runs.With(temp.Ledger, "cancelled"), cancel.Token))
                {
                    await cancel.CancelAsync();
                }
            });
        }

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (Shipped _ in line.RunAsync(Failing(), Runs.With(temp.Ledger, "fails")))
            {
            }
        });

        var late = new JobOrder("job", "acme") { Budget = new JobBudget(Deadline: DateTimeOffset.UtcNow.AddMilliseconds(100)) };
        await Assert.ThrowsAsync<TimeoutException>(async () =>
        {
            await foreach (Shipped _ in line.RunAsync(Runs.Orders(200), Runs.With(temp.Ledger, "late", late)))
            {
            }
        });

        Assert.Equal(
            ["cancelled", "completed", "deadline-exceeded", "failed"],
            temp.Rows("SELECT status FROM runs ORDER BY status").Select(r => (string)r[0]!));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM leases"));

        static IEnumerable<Order> Failing()
        {
            yield return new Order(0, "ok");
            throw new InvalidOperationException("the input broke");
        }
    }
}
