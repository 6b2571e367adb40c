using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Sqlite.Tests;

/// <summary>
/// Many processes writing one ledger file at once (the test host's <c>writers</c> mode, a line where every
/// 10th job splits in two and jobs with id % 13 == 5 fail): four recording four runs; four joining one run
/// the test started (<see cref="LedgerObserveOptions.Join"/>) and processing the same 5,000 jobs, the
/// redelivery worst case, where unique keys keep one outcome per input and one row per material.
/// </summary>
public sealed partial class ManyWritersTests(ITestOutputHelper output) : IDisposable
{
    private const int Count = 5000;
    private const int Processes = 4;

    // Jobs with id % 13 == 5 fail: 385 of 0..4999; 38 of them (id % 130 == 70) split in two.
    private const string Expected = "inputs 5000, delivered 4615, dead-lettered 385, dead letters 423";

    private readonly string folder = Directory.CreateTempSubdirectory("factory-writers-").FullName;

    private string Database => Path.Combine(folder, "ledger.db");

    private string Go => Path.Combine(folder, "go");

    [Fact]
    public async Task Four_processes_recording_four_runs_into_one_file_at_once_all_complete_with_every_row()
    {
        HostProcess.Ended[] ended = await StartTogetherAsync(Enumerable.Range(0, Processes).Select(i => Args($"run-{i}", Count, "run")).ToArray());
        Assert.All(ended, e => Assert.True(e.ExitCode == 0, e.ToString()));
        output.WriteLine($"retries: {Retries(ended)} in all");

        for (int i = 0; i < Processes; i++)
        {
            string counts = RunCounts($"run-{i}");
            output.WriteLine($"run-{i}: {counts}");
            Assert.StartsWith(Expected, counts, StringComparison.Ordinal);
            Assert.Equal(RunCounts("run-0"), counts);
        }

        Assert.Equal(Processes, TempLedger.Scalar(Database, "SELECT count(*) FROM runs WHERE status = 'completed'"));
        Assert.Equal(Processes * Count, TempLedger.Scalar(Database, "SELECT count(*) FROM inputs WHERE outcome IS NOT NULL AND entries = 1"));
        Assert.Equal(0, TempLedger.Scalar(Database, "SELECT count(*) FROM leases"));
    }

    [Fact]
    public async Task Four_processes_joining_one_run_and_processing_the_same_inputs_give_each_input_one_outcome_and_each_material_one_row()
    {
        string release = Path.Combine(folder, "release");
        using Process holder = HostProcess.Start(Args("shared", 0, "hold", release));
        Assert.Equal("holding", await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120)));

        var clock = Stopwatch.StartNew();
        HostProcess.Ended[] workers = await StartTogetherAsync(Enumerable.Range(0, Processes).Select(_ => Args("shared", Count, "join")).ToArray());
        output.WriteLine($"{Processes} workers in {clock.Elapsed.TotalSeconds:0.0} s, retries: {Retries(workers)} in all");
        Assert.All(workers, e => Assert.True(e.ExitCode == 0, e.ToString()));

        await File.WriteAllTextAsync(release, "release");
        HostProcess.Ended held = await HostProcess.WaitAsync(holder, 120);
        output.WriteLine(held.ToString());
        Assert.True(held.ExitCode == 0, held.ToString());

        // The same jobs in one process, as the reference of what one pass records.
        HostProcess.Ended solo = await HostProcess.WaitAsync(HostProcess.Start(Args("solo", Count, "run")), 300);
        Assert.True(solo.ExitCode == 0, solo.ToString());
        string shared = RunCounts("shared");
        output.WriteLine($"shared: {shared}");
        output.WriteLine($"solo:   {RunCounts("solo")}");
        Assert.StartsWith(Expected, shared, StringComparison.Ordinal);
        Assert.Equal(RunCounts("solo"), shared);

        // Each worker let every input in and recorded its own attempts; the run is the holder's to end.
        Assert.Equal(Count, TempLedger.Scalar(Database, "SELECT count(*) FROM inputs WHERE run_id = 'shared' AND outcome IS NOT NULL AND entries = 4"));
        Assert.Equal(
            Processes * TempLedger.Scalar(Database, "SELECT count(*) FROM executions WHERE run_id = 'solo'"),
            TempLedger.Scalar(Database, "SELECT count(*) FROM executions WHERE run_id = 'shared'"));
        Assert.Equal("completed", TempLedger.Rows(Database, "SELECT status FROM runs WHERE run_id = 'shared'")[0][0]);
        Assert.Equal(1L, TempLedger.Scalar(Database, "SELECT starts FROM runs WHERE run_id = 'shared'"));
        Assert.Equal(0, TempLedger.Scalar(Database, "SELECT count(*) FROM leases"));
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

    /// <summary>Starts one host per argument list, waits until each is ready, lets them all go at once, and waits for their ends.</summary>
    private async Task<HostProcess.Ended[]> StartTogetherAsync(string[][] hosts)
    {
        Process[] started = hosts.Select(HostProcess.Start).ToArray();
        try
        {
            foreach (Process host in started)
            {
                Assert.Equal("ready", await host.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120)));
            }

            await File.WriteAllTextAsync(Go, "go");
            HostProcess.Ended[] ended = await Task.WhenAll(started.Select(host => HostProcess.WaitAsync(host, 600)));
            output.WriteLine(string.Join(Environment.NewLine, ended.Select(e => e.ToString())));
            return ended;
        }
        finally
        {
            foreach (Process host in started)
            {
                host.Dispose();
            }
        }
    }

    /// <summary>The rows one run left: inputs by outcome, dead letters, materials (with an outcome).</summary>
    private string RunCounts(string run) => string.Join(
        ", ",
        new[]
        {
            ("inputs", "SELECT count(*) FROM inputs WHERE run_id = @run"),
            ("delivered", "SELECT count(*) FROM inputs WHERE run_id = @run AND outcome = 'delivered'"),
            ("dead-lettered", "SELECT count(*) FROM inputs WHERE run_id = @run AND outcome = 'dead-lettered'"),
            ("dead letters", "SELECT count(*) FROM dead_letters WHERE run_id = @run"),
            ("materials", "SELECT count(*) FROM materials WHERE run_id = @run"),
            ("with an outcome", "SELECT count(*) FROM materials WHERE run_id = @run AND outcome IS NOT NULL"),
        }.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Item1} {TempLedger.Scalar(Database, c.Item2, ("@run", run))}")));

    private static long Retries(HostProcess.Ended[] ended) =>
        ended.Sum(e => RetriesPrinted().Match(e.Output + e.Errors) is { Success: true } match ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0);

    [GeneratedRegex(@"(\d+) retries")]
    private static partial Regex RetriesPrinted();

    private string[] Args(string runId, int count, string role, string? go = null) =>
        ["writers", Database, runId, count.ToString(CultureInfo.InvariantCulture), role, go ?? Go];
}
