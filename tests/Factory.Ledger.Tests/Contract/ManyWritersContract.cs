using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

/// <summary>
/// Many processes writing one ledger at once (the test host's <c>writers</c> mode, a line where every
/// 10th job splits in two and jobs with id % 13 == 5 fail): four recording four runs; four joining one run
/// the test started (<see cref="LedgerObserveOptions.Join"/>) and processing the same 5,000 jobs, the
/// redelivery worst case, where unique keys keep one outcome per input and one row per material.
/// </summary>
public abstract partial class ManyWritersContract(LedgerFixture fixture, ITestOutputHelper output)
{
    private const int Count = 5000;
    private const int Processes = 4;

    // Jobs with id % 13 == 5 fail: 385 of 0..4999; 38 of them (id % 130 == 70) split in two.
    private const string Expected = "inputs 5000, delivered 4615, dead-lettered 385, dead letters 423";


    [Fact]
    public async Task Four_processes_recording_four_runs_into_one_ledger_at_once_all_complete_with_every_row()
    {
        await using TempLedger temp = await fixture.CreateAsync();
        HostProcess.Ended[] ended = await StartTogetherAsync(temp, Enumerable.Range(0, Processes).Select(i => Args(temp, $"run-{i}", Count, "run")).ToArray());
        Assert.All(ended, e => Assert.True(e.ExitCode == 0, e.ToString()));
        output.WriteLine($"retries: {Retries(ended)} in all");

        for (int i = 0; i < Processes; i++)
        {
            string counts = RunCounts(temp, $"run-{i}");
            output.WriteLine($"run-{i}: {counts}");
            Assert.StartsWith(Expected, counts, StringComparison.Ordinal);
            Assert.Equal(RunCounts(temp, "run-0"), counts);
        }

        Assert.Equal(Processes, temp.Scalar("SELECT count(*) FROM runs WHERE status = 'completed'"));
        Assert.Equal(Processes * Count, temp.Scalar("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL AND entries = 1"));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM leases"));
    }

    [Fact]
    public async Task Four_processes_joining_one_run_and_processing_the_same_inputs_give_each_input_one_outcome_and_each_material_one_row()
    {
        await using TempLedger temp = await fixture.CreateAsync();
        string release = Path.Combine(temp.Folder, "release");
        using Process holder = HostProcess.Start(Args(temp, "shared", 0, "hold", release));
        Assert.Equal("holding", await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120)));

        var clock = Stopwatch.StartNew();
        HostProcess.Ended[] workers = await StartTogetherAsync(temp, Enumerable.Range(0, Processes).Select(_ => Args(temp, "shared", Count, "join")).ToArray());
        output.WriteLine($"{Processes} workers in {clock.Elapsed.TotalSeconds:0.0} s, retries: {Retries(workers)} in all");
        Assert.All(workers, e => Assert.True(e.ExitCode == 0, e.ToString()));

        await File.WriteAllTextAsync(release, "release");
        HostProcess.Ended held = await HostProcess.WaitAsync(holder, 120);
        output.WriteLine(held.ToString());
        Assert.True(held.ExitCode == 0, held.ToString());

        // The same jobs in one process, as the reference of what one pass records.
        HostProcess.Ended solo = await HostProcess.WaitAsync(HostProcess.Start(Args(temp, "solo", Count, "run")), 300);
        Assert.True(solo.ExitCode == 0, solo.ToString());
        string shared = RunCounts(temp, "shared");
        output.WriteLine($"shared: {shared}");
        output.WriteLine($"solo:   {RunCounts(temp, "solo")}");
        Assert.StartsWith(Expected, shared, StringComparison.Ordinal);
        Assert.Equal(RunCounts(temp, "solo"), shared);

        // Each worker let every input in and recorded its own attempts; the run is the holder's to end.
        Assert.Equal(Count, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'shared' AND outcome IS NOT NULL AND entries = 4"));
        Assert.Equal(
            Processes * temp.Scalar("SELECT count(*) FROM executions WHERE run_id = 'solo'"),
            temp.Scalar("SELECT count(*) FROM executions WHERE run_id = 'shared'"));
        Assert.Equal("completed", temp.Rows("SELECT status FROM runs WHERE run_id = 'shared'")[0][0]);
        Assert.Equal(1L, temp.Scalar("SELECT starts FROM runs WHERE run_id = 'shared'"));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM leases"));
    }

    /// <summary>Starts one host per argument list, waits until each is ready, lets them all go at once, and waits for their ends.</summary>
    private async Task<HostProcess.Ended[]> StartTogetherAsync(TempLedger temp, string[][] hosts)
    {
        Process[] started = hosts.Select(HostProcess.Start).ToArray();
        try
        {
            foreach (Process host in started)
            {
                Assert.Equal("ready", await host.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120)));
            }

            await File.WriteAllTextAsync(Path.Combine(temp.Folder, "go"), "go");
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
    private static string RunCounts(TempLedger temp, string run) => string.Join(
        ", ",
        new[]
        {
            ("inputs", "SELECT count(*) FROM inputs WHERE run_id = '{run}'"),
            ("delivered", "SELECT count(*) FROM inputs WHERE run_id = '{run}' AND outcome = 'delivered'"),
            ("dead-lettered", "SELECT count(*) FROM inputs WHERE run_id = '{run}' AND outcome = 'dead-lettered'"),
            ("dead letters", "SELECT count(*) FROM dead_letters WHERE run_id = '{run}'"),
            ("materials", "SELECT count(*) FROM materials WHERE run_id = '{run}'"),
            ("with an outcome", "SELECT count(*) FROM materials WHERE run_id = '{run}' AND outcome IS NOT NULL"),
        }.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Item1} {temp.Scalar(c.Item2.Replace("{run}", run, StringComparison.Ordinal))}")));

    private static long Retries(HostProcess.Ended[] ended) =>
        ended.Sum(e => RetriesPrinted().Match(e.Output + e.Errors) is { Success: true } match ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0);

    [GeneratedRegex(@"(\d+) retries")]
    private static partial Regex RetriesPrinted();

    private static string[] Args(TempLedger temp, string runId, int count, string role, string? go = null) =>
        ["writers", temp.HostArgument, runId, count.ToString(CultureInfo.InvariantCulture), role, go ?? Path.Combine(temp.Folder, "go")];
}
