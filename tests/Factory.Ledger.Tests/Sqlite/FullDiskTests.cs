using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger.Sqlite;
using Factory.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

/// <summary>
/// A ledger file on a disk that fills up (a small tmpfs: <see cref="SmallVolume"/>, which needs root, as CI
/// runs): the run fails with an error naming the full disk, at once (a full disk is not waited out); every
/// input the ledger gives an outcome was really finished; once the volume is larger a resume completes
/// the run with one outcome per input, and does not process again what had its outcome.
/// </summary>
public sealed class FullDiskTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_full_disk_fails_the_run_naming_it_loses_nothing_acknowledged_and_a_resume_after_growing_it_completes()
    {
        const int count = 20_000;
        using SmallVolume volume = SmallVolume.Create(2048);
        string path = Path.Combine(volume.Path, "ledger.db");
        var options = new SqliteLedgerOptions { Inputs = LedgerJson.Default, BatchSize = 256, LeaseDuration = TimeSpan.FromMilliseconds(300) };
        var finished = new ConcurrentDictionary<int, bool>();
        var clock = Stopwatch.StartNew();
        Exception? error;
        await using (var ledger = new SqliteLedger(path, options))
        {
            (error, _) = await OutageRuns.TryRunAsync(Line(finished), Runs.Orders(count), Runs.With(ledger, "full"));
            Assert.Equal(0, ledger.Writer.Retries);
        }

        Assert.NotNull(error);
        string text = OutageRuns.Messages(error);
        output.WriteLine($"failed after {clock.Elapsed.TotalSeconds:0.0} s, {finished.Count} inputs finished: {text}");
        Assert.Contains($"the disk holding {path} is full", text, StringComparison.Ordinal);
        Assert.Contains("free space there, then start the run again to resume it", text, StringComparison.Ordinal);

        // Nothing acknowledged lost: every outcome the ledger holds is an input that really went through.
        long[] recorded = SqliteFile.Rows(path, "SELECT sequence FROM inputs WHERE outcome IS NOT NULL").Select(r => (long)r[0]!).ToArray();
        output.WriteLine($"{recorded.Length} outcomes recorded before the disk was full");
        Assert.InRange(recorded.Length, 1, count - 1);
        Assert.All(recorded, sequence => Assert.True(finished.ContainsKey((int)sequence), $"input {sequence} has an outcome but was not finished"));
        Assert.Equal("running", SqliteFile.Rows(path, "SELECT status FROM runs")[0][0]);

        // More room, and the lease the failed run left has run out: a resume completes what was left.
        Remount(volume.Path, 128 * 1024);
        await Task.Delay(options.LeaseDuration * 2);
        var again = new ConcurrentDictionary<int, bool>();
        await using (var ledger = new SqliteLedger(path, options))
        {
            (error, _) = await OutageRuns.TryRunAsync(Line(again), Runs.Orders(count), Runs.With(ledger, "full"));
            Assert.Null(error);
        }

        output.WriteLine($"the resume finished {again.Count} inputs");
        Assert.Equal("completed", SqliteFile.Rows(path, "SELECT status FROM runs")[0][0]);
        Assert.Equal(count, SqliteFile.Scalar(path, "SELECT count(*) FROM inputs"));
        Assert.Equal(count, SqliteFile.Scalar(path, "SELECT count(*) FROM inputs WHERE outcome = 'delivered'"));
        Assert.Equal(count, SqliteFile.Scalar(path, "SELECT count(*) FROM materials WHERE outcome = 'delivered'"));
        Assert.DoesNotContain(recorded, sequence => again.ContainsKey((int)sequence));
        Assert.Equal(count, recorded.Length + again.Count);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static FinishLine Line(ConcurrentDictionary<int, bool> finished) => new(new Receive(new Journal()), new Finish(finished));

    /// <summary>Grows the tmpfs at <paramref name="path"/> to <paramref name="kibibytes"/> KiB, files and all.</summary>
    private static void Remount(string path, int kibibytes)
    {
        var start = new ProcessStartInfo("mount") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-o", $"remount,size={kibibytes}k", path })
        {
            start.ArgumentList.Add(argument);
        }

        using Process mount = Process.Start(start)!;
        string errors = mount.StandardError.ReadToEnd();
        mount.WaitForExit();
        Assert.True(mount.ExitCode == 0, $"mount -o remount,size={kibibytes}k {path} failed: {errors}");
    }
}
