using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

/// <summary>
/// kill -9 in the middle of a run, then the same run id again: inputs finished before the crash are
/// not processed again, those in flight are, and every input ends with exactly one outcome.
/// </summary>
public abstract class CrashContract(LedgerFixture fixture, ITestOutputHelper output)
{
    private const int Count = 200;

    [Fact]
    public async Task A_run_killed_mid_way_and_started_again_with_its_id_gives_every_input_exactly_one_outcome()
    {
        await using TempLedger temp = await fixture.CreateAsync();
        string side = Path.Combine(temp.Folder, "processed.txt");

        // First start: killed once a good share of inputs have their outcome.
        using (Process first = Launch(temp, side))
        {
            var wait = Stopwatch.StartNew();
            while (Done(temp) < Count / 4)
            {
                Assert.False(first.HasExited, $"the host ended before it was killed (exit {(first.HasExited ? first.ExitCode : 0)})");
                Assert.True(wait.Elapsed < TimeSpan.FromSeconds(60), "the host made no progress");
                await Task.Delay(20);
            }

            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        // What survived the crash: the inputs whose outcome was committed.
        HashSet<long> doneBeforeCrash = temp.Rows("SELECT sequence FROM inputs WHERE outcome IS NOT NULL").Select(r => (long)r[0]!).ToHashSet();
        string[] beforeRestart = File.ReadAllLines(side);
        output.WriteLine($"killed with {doneBeforeCrash.Count} of {Count} inputs done, {beforeRestart.Length} materials processed");
        Assert.InRange(doneBeforeCrash.Count, Count / 4, Count - 1);
        Assert.Equal("running", temp.Rows("SELECT status FROM runs")[0][0]);

        // Second start, same run id, at once (the killed holder's process is gone): runs to the end.
        using (Process second = Launch(temp, side))
        {
            string stdout = await second.StandardOutput.ReadToEndAsync();
            await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}: {stdout} {await second.StandardError.ReadToEndAsync()}");
        }

        // Every input: exactly one outcome, nothing lost.
        Assert.Equal(Count, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'crash-run' AND outcome IS NOT NULL"));
        Assert.Equal(Count, temp.Scalar("SELECT count(DISTINCT sequence) FROM inputs"));
        Assert.Equal(Count, temp.Scalar("SELECT count(*) FROM inputs"));
        Assert.Equal("completed", temp.Rows("SELECT status FROM runs")[0][0]);
        Assert.Equal(2L, temp.Rows("SELECT starts FROM runs")[0][0]);

        // The outcomes are the right ones: id % 7 == 3 failed (one dead letter per piece), the others delivered.
        for (int i = 0; i < Count; i++)
        {
            string expected = i % 7 == 3 ? "dead-lettered" : "delivered";
            Assert.Equal(expected, temp.Rows($"SELECT outcome FROM inputs WHERE sequence = {i}")[0][0]);
        }

        int pieces = Enumerable.Range(0, Count).Where(i => i % 7 == 3).Sum(i => i % 5 == 0 ? 2 : 1);
        Assert.Equal(pieces, temp.Scalar("SELECT count(*) FROM dead_letters"));
        Assert.Equal(pieces, temp.Scalar("SELECT count(DISTINCT material_id) FROM dead_letters"));

        // Processed twice exactly the materials that were processed before the crash while their input
        // was in flight (no outcome committed): those run again, and never one of an input that was done.
        var processed = Processed(File.ReadAllLines(side));
        var twice = processed.GroupBy(p => p.Material).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var inFlight = Processed(beforeRestart).Where(p => !doneBeforeCrash.Contains(p.Root)).Select(p => p.Material).ToHashSet();
        output.WriteLine($"{processed.Count} materials processed in all, {twice.Count} twice, {inFlight.Count} in flight at the crash");
        Assert.Equal(inFlight.Order(), twice.Order());
        Assert.All(processed.GroupBy(p => p.Material), g => Assert.InRange(g.Count(), 1, 2));
        var everyMaterial = processed.Select(p => p.Material).ToHashSet();
        Assert.Equal(Enumerable.Range(0, Count).Sum(i => i % 5 == 0 ? 2 : 1), everyMaterial.Count);

        // The ledger's own count agrees: inputs done before the crash entered once.
        foreach (long done in doneBeforeCrash)
        {
            Assert.Equal(1L, temp.Scalar($"SELECT entries FROM inputs WHERE sequence = {done}"));
        }
    }

    private static List<(long Root, string Material)> Processed(string[] lines) =>
        lines.Select(l => l.Split(',')).Select(p => (long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), p[1])).ToList();

    private static long Done(TempLedger temp) => temp.ScalarOrZero("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL");

    private static Process Launch(TempLedger temp, string side) =>
        HostProcess.Start(temp.HostArgument, "crash-run", side, Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "10");
}
