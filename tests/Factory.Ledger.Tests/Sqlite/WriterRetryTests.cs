using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

/// <summary>
/// The writer while the database is away: batches that fail with a transient error are rolled back
/// and written again, the same rows, on a new connection (<see cref="FlakyStore"/> makes the errors);
/// past <see cref="SqliteLedgerOptions.ReconnectWait"/> the run fails naming the ledger, and a resume completes it.
/// </summary>
public sealed class WriterRetryTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("factory-retry-").FullName;

    [Fact]
    public async Task Batches_failed_by_transient_errors_are_written_again_and_nothing_is_lost_or_doubled()
    {
        const int count = 3000;
        var options = new SqliteLedgerOptions { Inputs = LedgerJson.Default, BatchSize = 50, MaxPending = 200, ReconnectWait = TimeSpan.FromSeconds(30) };
        string flaky = Path.Combine(folder, "flaky.db");
        long retries;
        long peak = 0;
        int outages;
        await using (FlakyLedger ledger = FlakyLedger.Open(flaky, options))
        {
            // One batch refused at its commit four times in a row; two broken in the middle of their rows.
            ledger.Flaky.FailsCommit = n => n is >= 5 and <= 8;
            ledger.Flaky.FailsRow = n => n is 1500 or 4000;
            using var sampling = new CancellationTokenSource();
            Task sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, ledger.Writer.Pending);
                    await Task.Delay(1);
                }
            });
            var finished = new ConcurrentDictionary<int, bool>();
            (Exception? error, _) = await OutageRuns.TryRunAsync(Line(finished), Runs.Orders(count, Text), Runs.With(ledger, "flaky"));
            await sampling.CancelAsync();
            await sampler;
            Assert.Null(error);
            retries = ledger.Writer.Retries;
            outages = ledger.Flaky.Outages;
        }

        string clean = Path.Combine(folder, "clean.db");
        await using (var ledger = new SqliteLedger(clean, options))
        {
            (Exception? error, _) = await OutageRuns.TryRunAsync(Line(new ConcurrentDictionary<int, bool>()), Runs.Orders(count, Text), Runs.With(ledger, "flaky"));
            Assert.Null(error);
        }

        string recorded = OutageRuns.Counts(flaky);
        output.WriteLine($"{outages} simulated outages, {retries} retries, pending at most {peak} (MaxPending {options.MaxPending})");
        output.WriteLine($"with outages: {recorded}");
        Assert.Equal(6, outages);
        Assert.Equal(outages, retries);
        Assert.Equal(OutageRuns.Counts(clean), recorded);
        Assert.Equal(count, SqliteFile.Scalar(flaky, "SELECT count(*) FROM inputs WHERE outcome IS NOT NULL AND entries = 1"));
        Assert.Equal("completed", SqliteFile.Rows(flaky, "SELECT status FROM runs")[0][0]);

        // Posting threads wait once MaxPending events queue; each adds its own before it waits.
        Assert.True(peak <= options.MaxPending + Environment.ProcessorCount + 8, $"pending reached {peak}");
    }

    [Fact]
    public async Task Past_ReconnectWait_the_run_fails_naming_the_ledger_and_the_cause_and_a_resume_completes_it()
    {
        const int count = 500;
        var options = new SqliteLedgerOptions { Inputs = LedgerJson.Default, ReconnectWait = TimeSpan.FromSeconds(1), LeaseDuration = TimeSpan.FromMilliseconds(300) };
        string path = Path.Combine(folder, "away.db");
        var clock = Stopwatch.StartNew();
        await using (FlakyLedger ledger = FlakyLedger.Open(path, options))
        {
            ledger.Flaky.Down = true;
            (Exception? error, _) = await OutageRuns.TryRunAsync(Line(new ConcurrentDictionary<int, bool>()), Runs.Orders(count), Runs.With(ledger, "away"));
            Assert.NotNull(error);
            string text = OutageRuns.Messages(error);
            output.WriteLine($"failed after {clock.Elapsed.TotalSeconds:0.0} s, {ledger.Writer.Retries} retries: {text}");
            Assert.Contains($"The ledger {path} could not be written for ", text, StringComparison.Ordinal);
            Assert.Contains("(ReconnectWait 00:00:01)", text, StringComparison.Ordinal);
            Assert.Contains("simulated outage (", text, StringComparison.Ordinal);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), "the writer waited less than ReconnectWait");
            Assert.InRange(ledger.Writer.Retries, 3, 10);

            // A worker joining a run of this ledger now is refused for the ledger's failure, not the run's: its
            // materials still need doing, by a worker whose ledger works (a broker worker does not drop them).
            (Exception? joining, _) = await OutageRuns.TryRunAsync(Line(new ConcurrentDictionary<int, bool>()), Runs.Orders(1), new RunOptions
            {
                RunId = "away",
                Observers = [ledger.Observe(new LedgerObserveOptions { Join = true })],
            });
            Assert.NotNull(joining);
            LedgerException writerStopped = OutageRuns.Ledgers(joining);
            Assert.Contains("The ledger's writer has failed", writerStopped.Message, StringComparison.Ordinal);
            Assert.False(writerStopped.RunRefused);
        }

        // The lease the failed run left runs out; the file is whole: a resume completes the run.
        await Task.Delay(options.LeaseDuration * 2);
        var finished = new ConcurrentDictionary<int, bool>();
        await using (var ledger = new SqliteLedger(path, options with { ReconnectWait = TimeSpan.FromMinutes(2) }))
        {
            (Exception? error, _) = await OutageRuns.TryRunAsync(Line(finished), Runs.Orders(count), Runs.With(ledger, "away"));
            Assert.Null(error);
        }

        Assert.Equal("completed", SqliteFile.Rows(path, "SELECT status FROM runs")[0][0]);
        Assert.Equal(2L, SqliteFile.Scalar(path, "SELECT starts FROM runs"));
        Assert.Equal(count, SqliteFile.Scalar(path, "SELECT count(*) FROM inputs WHERE outcome IS NOT NULL"));
        Assert.Equal(count, SqliteFile.Scalar(path, "SELECT count(*) FROM inputs"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Text(int i) => i % 50 == 7 ? $"bad order {i}" : $"order {i}";

    private static FinishLine Line(ConcurrentDictionary<int, bool> finished) => new(new Receive(new Journal()), new Finish(finished));
}
