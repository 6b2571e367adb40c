using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger.Relational;
using Xunit;

namespace Factory.Ledger.Postgres.Tests;

public sealed class ResumeTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private readonly string flights = Path.Combine(Path.GetTempPath(), "factory-flight-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_cancelled_run_resumes_with_the_same_id_in_a_new_ledger_and_skips_inputs_that_have_their_outcome()
    {
        var options = new PostgresLedgerOptions { Inputs = LedgerJson.Default, FlightFolder = flights };
        var orders = Runs.Orders(40, i => i % 10 == 9 ? "late" : "ok");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new Journal();

        // Orders 0-9 go through; 10-19 are held in flight when the run stops.
        await using (var ledger = new PostgresLedger(database.ConnectionString, options))
        {
            using var cancel = new CancellationTokenSource();
            LineRun<Order, Shipped> run = new HeldLine(new Held(first, gate, freeBelow: 10), new Ship(first))
                .Start(Runs.With(ledger, "resume", new JobOrder("job", "acme"), actor: "alice"), cancel.Token);
            Task reading = Runs.ReadAsync(run);
            foreach (Order order in orders.Take(20))
            {
                await run.Input.WriteAsync(order);
            }

            // This start's flight file is on this machine, in the folder the options name.
            Assert.Single(Directory.GetFiles(flights));
            while (database.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'resume' AND outcome IS NOT NULL") < 10)
            {
                await ledger.FlushAsync();
                await Task.Delay(10);
            }

            await cancel.CancelAsync();
            Assert.Equal(LineOutcome.Cancelled, (await run.Completion).Outcome);
            try
            {
                await reading;
            }
            catch (OperationCanceledException)
            {
                // The output stops with the run.
            }

            Assert.Equal(RunStatus.Cancelled, (await ledger.GetRunAsync("resume"))!.Status);
            Assert.Empty(Directory.GetFiles(flights));
        }

        // Another process: a new ledger object, the same run id, the whole input again.
        await using var again = new PostgresLedger(database.ConnectionString, options);
        var second = new Journal();
        (LineReport report, var outputs) = await Runs.RunAsync(
            new HeldLine(new Held(second, gate), new Ship(second)), orders, Runs.With(again, "resume", new JobOrder("job", "acme"), actor: "bob"));

        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(30, report.In);
        Assert.DoesNotContain(second.Entries, e => e.Station == "Held" && e.Material - 1 < 10);
        var inputs = await again.ListInputsAsync("resume");
        Assert.Equal(40, inputs.Count);
        Assert.All(inputs, i => Assert.NotNull(i.Outcome));
        Assert.All(inputs, i => Assert.Equal(i.Sequence is >= 10 and < 20 ? 2 : 1, i.Entries));
        Assert.Equal(4, database.Scalar("SELECT count(*) FROM dead_letters WHERE run_id = 'resume'"));
        RunRecord record = (await again.GetRunAsync("resume"))!;
        Assert.Equal((2, RunStatus.Completed), (record.Starts, record.Status));
        AuditEntry resumed = Assert.Single(await again.ListAuditAsync(new AuditQuery { Action = AuditActions.RunResumed, Target = "resume" }));
        Assert.Equal("bob", resumed.Actor);
        Assert.Equal(2, database.Scalar("SELECT max(start_no) FROM executions WHERE run_id = 'resume'"));
    }

    [Fact]
    public async Task A_resume_counts_the_crashes_the_flight_folder_records_and_refuses_an_input_at_the_limit()
    {
        var options = new PostgresLedgerOptions { Inputs = LedgerJson.Default, FlightFolder = flights };
        await using var ledger = new PostgresLedger(database.ConnectionString, options);
        await StopHeldAsync(ledger, "crashed", 5);

        // Start 1 "died" with inputs 1 and 3 in Held; input 3 had crashed the process twice before.
        database.Execute("UPDATE inputs SET crashes = 2, crash_station = 'Held' WHERE run_id = 'crashed' AND sequence = 3");
        string path = FlightFile.PathIn(flights, "crashed", 1);
        LeaveFlightFile(path, 1, (1, 0), (3, 0));

        var journal = new Journal();
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        opened.SetResult();
        (LineReport report, var outputs) = await Runs.RunAsync(
            new HeldLine(new Held(journal, opened), new Ship(journal)), Runs.Orders(5), Runs.With(ledger, "crashed", actor: "carol"));

        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal([0, 1, 2, 4], outputs.Select(o => o.Id).Order());
        Assert.False(File.Exists(path), "a counted flight file is deleted");
        Assert.Equal(
            ["0:0", "1:1", "2:0", "3:3", "4:0"],
            database.Rows("SELECT sequence, crashes FROM inputs WHERE run_id = 'crashed' ORDER BY sequence").Select(r => $"{r[0]}:{r[1]}"));
        AuditEntry counted = Assert.Single(await ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.RunCrashesCounted, Target = "crashed" }));
        Assert.Equal("carol", counted.Actor);
        Assert.Equal("start 2: the process of an earlier start died with 2 inputs in a station, each counted one crash: 1 (Held), 3 (Held)", counted.Detail);
        DeadLetterRecord refused = Assert.Single(await ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "crashed" }));
        Assert.Equal((4L, "Held", 3, CrashLimit.ExceptionType), (refused.MaterialId, refused.Station, refused.Attempts, refused.ExceptionType));
        Assert.Equal(InputOutcome.DeadLettered, (await ledger.ListInputsAsync("crashed"))[3].Outcome);
    }

    public void Dispose()
    {
        if (Directory.Exists(flights))
        {
            Directory.Delete(flights, recursive: true);
        }
    }

    /// <summary>Start 1 of <paramref name="runId"/>: every order enters and waits in Held; then the run is cancelled, leaving none with an outcome.</summary>
    private async Task StopHeldAsync(PostgresLedger ledger, string runId, int count)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var journal = new Journal();
        LineRun<Order, Shipped> run = new HeldLine(new Held(journal, gate, freeBelow: 0), new Ship(journal)).Start(Runs.With(ledger, runId));
        foreach (Order order in Runs.Orders(count))
        {
            await run.Input.WriteAsync(order);
        }

        while (database.Scalar($"SELECT count(*) FROM inputs WHERE run_id = '{runId}'") < count)
        {
            await ledger.FlushAsync();
            await Task.Delay(5);
        }

        run.Cancel();
        Assert.Equal(LineOutcome.Cancelled, (await run.Completion).Outcome);
    }

    /// <summary>Leaves the flight file of a start as a dead process would: slots naming (root, station).</summary>
    private static void LeaveFlightFile(string path, int start, params (long Root, int Station)[] named)
    {
        byte[] left;
        using (FlightFile flight = FlightFile.Create(path, named.Length, start))
        {
            for (int slot = 0; slot < named.Length; slot++)
            {
                flight.Begin(slot, named[slot].Root, MaterialIds.Root(named[slot].Root), named[slot].Station);
            }

            left = File.ReadAllBytes(path);
        }

        File.WriteAllBytes(path, left);
    }
}
