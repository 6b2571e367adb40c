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
/// Issue 15's test, with three processes (the test host's <c>gate</c> mode): a run parks 100 of 1,000
/// refunds at a gate and is killed; a second process decides them; a third finishes the run. Every
/// decided material goes down its route once, and nothing before the gate runs again.
/// </summary>
public abstract class GateProcessContract(LedgerFixture fixture, ITestOutputHelper output)
{
    private const int Count = 1_000;

    [Fact]
    public async Task A_killed_run_decided_from_another_process_finishes_in_a_third_with_each_refund_issued_or_declined_once()
    {
        await using TempLedger temp = await fixture.CreateAsync();
        string side = Path.Combine(temp.Folder, "side.txt");
        string count = Count.ToString(CultureInfo.InvariantCulture);

        // 1: parks the 100 large refunds, finishes the 900 others, and is killed while it waits, once
        // the ledger holds each of the 100 inputs at the gate (before that, an input enters again).
        Process first = HostProcess.Start("gate", temp.HostArgument, "refunds", side, count, "hold");
        var waited = Stopwatch.StartNew();
        while (temp.ScalarOrZero("SELECT count(*) FROM gate_items WHERE held = 1") < 100 || temp.ScalarOrZero("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL") < Count - 100)
        {
            if (first.HasExited || waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                first.Kill(entireProcessTree: true);
                Assert.Fail($"the first host did not park 100 refunds and finish 900 within 60 s: {await HostProcess.WaitAsync(first)}");
            }

            await Task.Delay(50);
        }

        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();
        Assert.Equal(100, temp.Scalar("SELECT count(*) FROM gate_items"));

        // 2: another process approves 50 (10 edited) and rejects 50.
        HostProcess.Ended decided = await HostProcess.WaitAsync(HostProcess.Start("gate", temp.HostArgument, "refunds", side, count, "decide"));
        output.WriteLine($"decider: {decided}");
        Assert.Equal(0, decided.ExitCode);
        Assert.Equal(100, temp.Scalar("SELECT count(*) FROM gate_decisions"));

        // 3: a start again finishes the run.
        await HostProcess.WaitForLeaseExpiryAsync(temp);
        HostProcess.Ended finished = await HostProcess.WaitAsync(HostProcess.Start("gate", temp.HostArgument, "refunds", side, count, "finish"));
        output.WriteLine($"finisher: {finished}");
        Assert.Equal(0, finished.ExitCode);
        Assert.Contains("done: 100 outputs, Completed", finished.Output, StringComparison.Ordinal);

        string[][] lines = [.. File.ReadAllLines(side).Select(l => l.Split(','))];
        var drafted = lines.Where(l => l[0] == "draft").Select(l => long.Parse(l[1], CultureInfo.InvariantCulture)).ToList();
        var twice = drafted.GroupBy(d => d).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"drafted more than once: {string.Join(", ", twice)}");
        Assert.Equal(Count, drafted.Count);
        var issued = lines.Where(l => l[0] == "issue").Select(l => (Id: int.Parse(l[1], CultureInfo.InvariantCulture), Amount: decimal.Parse(l[2], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(50, issued.Count);
        Assert.Equal(50, issued.Select(i => i.Id).Distinct().Count());
        Assert.Equal(10, issued.Count(i => i.Amount == 1 + i.Id));
        Assert.Equal(40, issued.Count(i => i.Amount == 1_000 + i.Id));
        Assert.Equal(50, lines.Count(l => l[0] == "decline"));
        Assert.Empty(issued.Select(i => i.Id).Intersect(lines.Where(l => l[0] == "decline").Select(l => int.Parse(l[1], CultureInfo.InvariantCulture))));
        Assert.Equal(Count, temp.Scalar("SELECT count(*) FROM inputs WHERE outcome = 'delivered'"));
        Assert.Equal("completed", temp.Rows("SELECT status FROM runs")[0][0]);
        Assert.Equal(100, temp.Scalar("SELECT count(*) FROM audit WHERE action = 'gate.decision'"));
    }
}
