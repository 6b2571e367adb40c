using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

/// <summary>
/// One run id, two processes: the test host (its <c>lease</c> mode) started twice at the same
/// moment; a host killed with SIGKILL, whose successor on the same machine takes over at once; and
/// one whose lease names another machine, whose successor must wait for the lease to expire.
/// </summary>
public abstract class LeaseProcessContract(LedgerFixture fixture, ITestOutputHelper output)
{
    private const string Machine = "host '";
    [Fact]
    public async Task Two_processes_starting_one_run_at_once_one_is_refused_naming_the_holder_and_the_other_does_every_input_once()
    {
        const int count = 100;
        await using TempLedger temp = await fixture.CreateAsync();
        string go = Path.Combine(temp.Folder, "go");
        using Process a = HostProcess.Start(LeaseArgs(temp, "shared-run", count, leaseMs: 30_000, go));
        using Process b = HostProcess.Start(LeaseArgs(temp, "shared-run", count, leaseMs: 30_000, go));
        Assert.Equal("ready", await a.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("ready", await b.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        await File.WriteAllTextAsync(go, "go");
        HostProcess.Ended[] ended = await Task.WhenAll(HostProcess.WaitAsync(a), HostProcess.WaitAsync(b));
        output.WriteLine(string.Join(Environment.NewLine, ended.Select(e => e.ToString())));

        Assert.True(
            ended.Count(e => e.ExitCode == 0) == 1 && ended.Count(e => e.ExitCode == 3) == 1,
            $"one host must run the run and the other be refused; got: {string.Join("; ", ended.Select(e => e.ToString()))}");
        HostProcess.Ended winner = ended.Single(e => e.ExitCode == 0);
        HostProcess.Ended refused = ended.Single(e => e.ExitCode == 3);
        Assert.Contains($"Run 'shared-run' is held by process {winner.Pid} on {Machine}{Environment.MachineName}' since ", refused.Errors, StringComparison.Ordinal);
        Assert.Contains("Wait for it to end, or after ", refused.Errors, StringComparison.Ordinal);
        Assert.Contains("start it again to take over", refused.Errors, StringComparison.Ordinal);

        // The run as one process did it: one start, every input once, every material processed once.
        Assert.Equal("completed", temp.Rows("SELECT status FROM runs")[0][0]);
        Assert.Equal(1L, temp.Scalar("SELECT starts FROM runs"));
        Assert.Equal(count, temp.Scalar("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL AND entries = 1"));
        Assert.Equal(count, temp.Scalar("SELECT count(*) FROM inputs"));
        string[] processed = await File.ReadAllLinesAsync(Side(temp));
        Assert.Equal(Enumerable.Range(0, count).Sum(i => i % 5 == 0 ? 2 : 1), processed.Length);
        Assert.Equal(processed.Length, processed.Distinct().Count());
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM leases"));
    }

    [Fact]
    public async Task A_killed_holder_on_this_host_is_taken_over_at_once_without_waiting_for_its_lease()
    {
        const int count = 200;
        await using TempLedger temp = await fixture.CreateAsync();
        int killed = await KillHolderAsync(temp, "restarted-run", count, leaseMs: 60_000);

        // Its lease has a minute to run, but its process is gone: a restart takes the run over at once.
        Assert.True(Expires(temp) > DateTimeOffset.UtcNow.AddSeconds(30), "the killed holder's lease should still be live");
        HostProcess.Ended successor = await HostProcess.WaitAsync(HostProcess.Start(LeaseArgs(temp, "restarted-run", count, leaseMs: 60_000)));
        output.WriteLine(successor.ToString());
        Assert.True(successor.ExitCode == 0, successor.ToString());
        var audit = temp.Rows("SELECT actor, detail FROM audit WHERE action = 'run.lease-taken-over'");
        Assert.Equal("test-host", Assert.Single(audit)[0]);
        Assert.StartsWith($"from process {killed} on {Machine}{Environment.MachineName}' (instance ", (string)audit[0][1]!, StringComparison.Ordinal);
        Assert.Contains("whose process has ended", (string)audit[0][1]!, StringComparison.Ordinal);
        AssertCompletedOnce(temp, count, starts: 2);
    }

    [Fact]
    public async Task A_killed_holder_on_another_host_is_refused_while_its_lease_lives_and_taken_over_after_it_expired()
    {
        const int count = 200;
        await using TempLedger temp = await fixture.CreateAsync();
        int killed = await KillHolderAsync(temp, "killed-run", count, leaseMs: 6_000);

        // The holder as if it ran on another machine: nothing here can tell whether it still runs.
        temp.Scalar("UPDATE leases SET host = 'elsewhere'");
        HostProcess.Ended refused = await HostProcess.WaitAsync(HostProcess.Start(LeaseArgs(temp, "killed-run", count, leaseMs: 6_000)));
        output.WriteLine(refused.ToString());
        Assert.True(refused.ExitCode == 3, $"a restart while the lease lives must be refused: {refused}");
        Assert.Contains($"Run 'killed-run' is held by process {killed} on {Machine}elsewhere'", refused.Errors, StringComparison.Ordinal);

        // After its expiry: taken over, completed, audited.
        await HostProcess.WaitForLeaseExpiryAsync(temp);
        HostProcess.Ended successor = await HostProcess.WaitAsync(HostProcess.Start(LeaseArgs(temp, "killed-run", count, leaseMs: 6_000)));
        output.WriteLine(successor.ToString());
        Assert.True(successor.ExitCode == 0, successor.ToString());
        var audit = temp.Rows("SELECT actor, detail FROM audit WHERE action = 'run.lease-taken-over'");
        Assert.Equal("test-host", Assert.Single(audit)[0]);
        Assert.StartsWith($"from process {killed} on {Machine}elsewhere' (instance ", (string)audit[0][1]!, StringComparison.Ordinal);
        Assert.Contains(", expired ", (string)audit[0][1]!, StringComparison.Ordinal);
        AssertCompletedOnce(temp, count, starts: 2);
    }

    /// <summary>Starts a holder of <paramref name="runId"/>, kills it with SIGKILL once 30 inputs are done; its process id.</summary>
    private static async Task<int> KillHolderAsync(TempLedger temp, string runId, int count, int leaseMs)
    {
        using Process holder = HostProcess.Start(LeaseArgs(temp, runId, count, leaseMs));
        var wait = Stopwatch.StartNew();
        while (Done(temp) < 30)
        {
            Assert.False(holder.HasExited, "the host ended before it was killed");
            Assert.True(wait.Elapsed < TimeSpan.FromSeconds(60), "the host made no progress");
            await Task.Delay(20);
        }

        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync();
        return holder.Id;
    }

    private static void AssertCompletedOnce(TempLedger temp, int count, long starts)
    {
        Assert.Equal("completed", temp.Rows("SELECT status FROM runs")[0][0]);
        Assert.Equal(starts, temp.Scalar("SELECT starts FROM runs"));
        Assert.Equal(count, temp.Scalar("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL"));
        Assert.Equal(count, temp.Scalar("SELECT count(*) FROM inputs"));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM leases"));
    }

    private static DateTimeOffset Expires(TempLedger temp) =>
        DateTimeOffset.Parse((string)temp.Rows("SELECT expires FROM leases")[0][0]!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string Side(TempLedger temp) => Path.Combine(temp.Folder, "processed.txt");

    private static string[] LeaseArgs(TempLedger temp, string runId, int count, int leaseMs, string? go = null)
    {
        string[] args = ["lease", temp.HostArgument, runId, Side(temp), count.ToString(CultureInfo.InvariantCulture), "10", leaseMs.ToString(CultureInfo.InvariantCulture)];
        return go is null ? args : [.. args, go];
    }

    private static long Done(TempLedger temp) => temp.ScalarOrZero("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL");
}
