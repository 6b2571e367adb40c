using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Ledger.Postgres.Tests;

/// <summary>
/// The run lease: a second <see cref="PostgresLedger"/> on the same database is another holder, as
/// another process (on another machine) would be. Clocks are moved by hand where expiry matters.
/// </summary>
public sealed class LeaseTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_second_holder_is_refused_while_the_lease_lives_takes_over_once_it_expired_and_the_first_stops_writing()
    {
        var clockA = new ManualClock(T0);
        await using var first = new PostgresLedger(database.ConnectionString, database.Options with { Clock = clockA });
        var clockB = new ManualClock(T0.AddSeconds(10));
        await using var other = new PostgresLedger(database.ConnectionString, first.Options with { Clock = clockB });

        // The first holder: every order waits at the gate.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new Journal();
        LineRun<Order, Shipped> holding = new HeldLine(new Held(held, gate, freeBelow: 0), new Ship(held)).Start(Runs.With(first, "leased"));
        foreach (Order order in Runs.Orders(5))
        {
            await holding.Input.WriteAsync(order);
        }

        holding.Input.Complete();
        Task draining = DrainAsync(holding);

        var line = new HeldLine(new Held(new Journal(), gate), new Ship(new Journal()));
        var refused = Assert.Throws<LedgerException>(() => line.Start(Runs.With(other, "leased")));
        string holder = $"process {Environment.ProcessId} on host '{Environment.MachineName}'";
        Assert.Contains($"Run 'leased' is held by {holder} since {ManualClock.Text(T0)}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"Wait for it to end, or after {ManualClock.Text(T0.AddSeconds(30))} start it again to take over", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, database.Scalar("SELECT starts FROM runs WHERE run_id = 'leased'"));

        // Past the expiry (the first holder's heartbeat beats every 10 s of real time).
        clockB.Now = T0.AddSeconds(31);
        LineRun<Order, Shipped> takenOver = line.Start(Runs.With(other, "leased", actor: "bob"));
        AuditEntry takeOver = Assert.Single(await other.ListAuditAsync(new AuditQuery { Action = AuditActions.RunLeaseTakenOver, Target = "leased" }));
        Assert.Equal("bob", takeOver.Actor);
        Assert.Contains($"expired {ManualClock.Text(T0.AddSeconds(30))}", takeOver.Detail, StringComparison.Ordinal);

        // The first holder goes on: its next batch finds the lease gone, writes nothing more, and its run stops.
        gate.SetResult();
        var lost = await Assert.ThrowsAnyAsync<Exception>(() => holding.Completion);
        Assert.Contains("Run 'leased' lost its lease: " + holder + " took it over at " + ManualClock.Text(T0.AddSeconds(31)), lost.Message, StringComparison.Ordinal);
        await draining;
        Assert.Equal(0, database.Scalar("SELECT count(*) FROM executions WHERE run_id = 'leased' AND station = 'Held'"));

        // The new holder runs the inputs and ends the run; its end releases the lease.
        foreach (Order order in Runs.Orders(5))
        {
            await takenOver.Input.WriteAsync(order);
        }

        takenOver.Input.Complete();
        Assert.Equal(5, (await Runs.ReadAsync(takenOver)).Count);
        Assert.Equal(LineOutcome.Completed, (await takenOver.Completion).Outcome);
        Assert.Equal(5, database.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'leased' AND outcome = 'delivered' AND finished_start = 2"));
        Assert.Equal("completed", database.Rows("SELECT status FROM runs WHERE run_id = 'leased'")[0][0]);
        Assert.Equal(0, database.Scalar("SELECT count(*) FROM leases WHERE run_id = 'leased'"));
    }

    [Fact]
    public async Task Two_ledgers_starting_one_new_run_at_the_same_moment_take_turns_one_runs_it_and_the_other_is_refused()
    {
        await using var a = new PostgresLedger(database.ConnectionString, database.Options);
        await using var b = new PostgresLedger(database.ConnectionString, database.Options);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var line = new HeldLine(new Held(new Journal(), gate, freeBelow: 0), new Ship(new Journal()));

        for (int round = 0; round < 5; round++)
        {
            string runId = $"race-{round}";
            using var start = new Barrier(2);
            Task<LineRun<Order, Shipped>>[] starts = new[] { a, b }.Select(ledger => Task.Run(() =>
            {
                RunOptions options = Runs.With(ledger, runId);
                start.SignalAndWait();
                return line.Start(options);
            })).ToArray();
            await Task.WhenAll(starts.Select(s => s.ContinueWith(_ => { }, TaskScheduler.Default)));

            LineRun<Order, Shipped> winner = await Assert.Single(starts, s => s.IsCompletedSuccessfully);
            Exception refusal = Assert.Single(starts, s => s.IsFaulted).Exception!.InnerException!;
            Assert.Contains($"Run '{runId}' is held by", Assert.IsType<LedgerException>(refusal).Message, StringComparison.Ordinal);
            Assert.Equal(1, database.Scalar($"SELECT starts FROM runs WHERE run_id = '{runId}'"));
            winner.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runs.ReadAsync(winner));
            await winner.Completion;
        }
    }

    private static async Task DrainAsync(LineRun<Order, Shipped> run)
    {
        try
        {
            await Runs.ReadAsync(run);
        }
        catch (Exception)
        {
            // The run stopped: its output ends with its error, which Completion reports.
        }
    }
}
