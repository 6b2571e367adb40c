using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger.Relational;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>
/// The flight recorder and the crash limit in one process. A crash is simulated by what it leaves:
/// a run stopped without its outcomes, and the flight file of that start still naming materials
/// (written here through the recorder itself, as the dead process's workers would have).
/// </summary>
public abstract class CrashLimitContract(LedgerFixture fixture)
{
    [Fact]
    public async Task A_resume_counts_one_crash_for_each_input_the_last_flight_file_names_and_only_once()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await StopHeldAsync(temp, "crashed", 6);

        // Start 1 "died" with inputs 1, 3 and 4 in Held (4's entry never reached the ledger); input 5's attempt had ended.
        temp.Scalar("DELETE FROM inputs WHERE sequence = 4");
        LeaveFlightFile(temp, "crashed", 1, (1, 0), (3, 0), (4, 0), (5, 0));

        var journal = new Journal();
        var line = new HeldLine(new Held(journal, Opened()), new Ship(journal));
        (LineReport report, var outputs) = await Runs.RunAsync(line, Runs.Orders(6), Runs.With(temp.Ledger, "crashed", actor: "bob"));

        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(6, outputs.Count);
        Assert.Equal(
            ["0:0:", "1:1:Held", "2:0:", "3:1:Held", "4:1:Held", "5:0:"],
            temp.Rows("SELECT sequence, crashes, coalesce(crash_station, '') FROM inputs ORDER BY sequence").Select(r => $"{r[0]}:{r[1]}:{r[2]}"));
        Assert.Equal(1, temp.Scalar("SELECT entries FROM inputs WHERE sequence = 4"));
        AuditEntry counted = Assert.Single(await temp.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.RunCrashesCounted }));
        Assert.Equal("bob", counted.Actor);
        Assert.Equal("start 2: the process of an earlier start died with 3 inputs in a station, each counted one crash: 1 (Held), 3 (Held), 4 (Held)", counted.Detail);
        Assert.False(File.Exists(FlightFile.PathIn(temp.FlightFolder, "crashed", 1)), "a counted flight file is deleted");

        // The file is gone and the count is committed: a later start counts nothing again.
        LeaveFlightFile(temp, "crashed", 1, (1, 0), (0, 0));
        await Runs.RunAsync(line, Runs.Orders(6), Runs.With(temp.Ledger, "crashed"));
        Assert.Equal(3, temp.Scalar("SELECT sum(crashes) FROM inputs"));
    }

    [Fact]
    public async Task An_input_at_its_crash_limit_becomes_a_dead_letter_that_can_be_replayed_and_the_run_completes()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await StopHeldAsync(temp, "limited", 5);
        temp.Scalar("UPDATE inputs SET crashes = 1, crash_station = 'Held' WHERE sequence = 2");
        LeaveFlightFile(temp, "limited", 1, (2, 0), (0, 0));

        var journal = new Journal();
        var line = new HeldLine(new Held(journal, Opened()), new Ship(journal));
        var options = new RunOptions
        {
            RunId = "limited",
            Observers = [temp.Ledger.Observe(new LedgerObserveOptions { CrashLimit = 2 })],
        };
        (LineReport report, var outputs) = await Runs.RunAsync(line, Runs.Orders(5), options);

        // Input 2 crashed twice, its limit: it does not run, the others do.
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal([0, 1, 3, 4], outputs.Select(o => o.Id).Order());
        Assert.DoesNotContain(journal.Entries, e => e.Material == 3);
        DeadLetterRecord letter = Assert.Single(await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "limited" }));
        Assert.Equal((3L, 2L, "Held", 2, CrashLimit.ExceptionType), (letter.MaterialId, letter.Root, letter.Station, letter.Attempts, letter.ExceptionType));
        Assert.Equal(
            "crashed the process 2 times (limit 2); last in station Held. It does not run again: fix what kills the process, then replay or discard this dead letter.",
            letter.Message);
        Assert.Equal(typeof(Order).FullName, letter.InputType);
        Assert.True(letter.CanReplay);
        Assert.Equal(InputOutcome.DeadLettered, (await temp.Ledger.ListInputsAsync("limited"))[2].Outcome);
        Assert.Equal(2, (await temp.Ledger.ListInputsAsync("limited"))[2].Crashes);
        Assert.Equal(RunStatus.Completed, (await temp.Ledger.GetRunAsync("limited"))!.Status);

        // Once what killed the process is fixed, the letter replays like any other.
        ReplayResult<Shipped> replay = await temp.Ledger.ReplayAsync(letter.Id, line, LedgerJson.Default.Order, new ReplayOptions { Actor = "alice" });
        Assert.Equal(2, Assert.Single(replay.Outputs).Id);
    }

    private static TaskCompletionSource Opened()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    /// <summary>Start 1 of <paramref name="runId"/>: every order enters and waits in Held; then the run is cancelled, leaving none with an outcome.</summary>
    private static async Task StopHeldAsync(TempLedger temp, string runId, int count)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var journal = new Journal();
        LineRun<Order, Shipped> run = new HeldLine(new Held(journal, gate, freeBelow: 0), new Ship(journal)).Start(Runs.With(temp.Ledger, runId));
        foreach (Order order in Runs.Orders(count))
        {
            await run.Input.WriteAsync(order);
        }

        while (temp.Scalar("SELECT count(*) FROM inputs") < count)
        {
            await temp.Ledger.FlushAsync();
            await Task.Delay(5);
        }

        run.Cancel();
        Assert.Equal(LineOutcome.Cancelled, (await run.Completion).Outcome);
    }

    /// <summary>Leaves the flight file of a start as a dead process would: slots naming (root, station), the last one ended.</summary>
    private static void LeaveFlightFile(TempLedger temp, string runId, int start, params (long Root, int Station)[] named)
    {
        string path = FlightFile.PathIn(temp.FlightFolder, runId, start);
        byte[] left;
        using (FlightFile flight = FlightFile.Create(path, named.Length, start))
        {
            for (int slot = 0; slot < named.Length; slot++)
            {
                flight.Begin(slot, named[slot].Root, MaterialIds.Root(named[slot].Root), named[slot].Station);
            }

            flight.End(named.Length - 1);
            left = File.ReadAllBytes(path);
        }

        File.WriteAllBytes(path, left);
    }
}
