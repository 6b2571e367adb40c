using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>Runs of different job orders on one line instance: separate state, and a small job is not held up by a large one.</summary>
public abstract class IsolationContract(LedgerFixture fixture)
{
    [Fact]
    public async Task Runs_of_two_job_orders_on_one_line_instance_share_no_mutable_state()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var line = new StampLine(new Stamp(delayMs: 1));
        var acme = new JobOrder("job-a", "acme");
        var globex = new JobOrder("job-g", "globex");

        Task<(LineReport, List<Shipped>)> a = Runs.RunAsync(line, Runs.Orders(300, i => i % 50 == 7 ? "bad" : "a"), Runs.With(temp.Ledger, "run-a", acme));
        Task<(LineReport, List<Shipped>)> g = Runs.RunAsync(line, Runs.Orders(120, i => i % 40 == 3 ? "bad" : "g"), Runs.With(temp.Ledger, "run-g", globex));
        (LineReport reportA, List<Shipped> outA) = await a;
        (LineReport reportG, List<Shipped> outG) = await g;

        // Each run saw only its own job order, counts, dead letters and materials.
        Assert.All(outA, s => Assert.StartsWith("acme:job-a:", s.Text, StringComparison.Ordinal));
        Assert.All(outG, s => Assert.StartsWith("globex:job-g:", s.Text, StringComparison.Ordinal));
        Assert.Equal((300, 294, 6), (reportA.In, reportA.Out, reportA.DeadLettered));
        Assert.Equal((120, 117, 3), (reportG.In, reportG.Out, reportG.DeadLettered));
        Assert.All(reportA.DeadLetters, l => Assert.Contains("for acme", l.Message, StringComparison.Ordinal));
        Assert.All(reportG.DeadLetters, l => Assert.Contains("for globex", l.Message, StringComparison.Ordinal));
        Assert.Same(acme, reportA.Job);
        Assert.Same(globex, reportG.Job);

        // And the ledger keeps them apart by tenant.
        Assert.Equal(6, (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { Tenant = "acme" })).Count);
        Assert.Equal(3, (await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { Tenant = "globex" })).Count);
        Assert.Equal("run-g", Assert.Single(await temp.Ledger.ListRunsAsync(new RunQuery { Tenant = "globex" })).RunId);
        Assert.Equal(300, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'run-a' AND outcome IS NOT NULL"));
        Assert.Equal(120, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'run-g' AND outcome IS NOT NULL"));
    }

    [Fact]
    public async Task A_small_job_finishes_promptly_while_a_large_job_of_another_tenant_runs_on_the_same_line()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var line = new StampLine(new Stamp(delayMs: 10));

        // The flood: 1,000 orders x 10 ms on two workers, about 5 s.
        var flood = Stopwatch.StartNew();
        Task<(LineReport, List<Shipped>)> large = Runs.RunAsync(line, Runs.Orders(1000), Runs.With(temp.Ledger, "large", new JobOrder("big", "acme")));
        await Task.Delay(300);

        // The small job: 10 orders, about 50 ms of work on its own.
        var small = Stopwatch.StartNew();
        (LineReport report, List<Shipped> outputs) = await Runs.RunAsync(line, Runs.Orders(10), Runs.With(temp.Ledger, "small", new JobOrder("tiny", "globex")));
        small.Stop();

        Assert.Equal(10, outputs.Count);
        Assert.False(large.IsCompleted, $"the large job finished first ({flood.ElapsedMilliseconds} ms): the test proves nothing");
        Assert.True(small.ElapsedMilliseconds < 1500, $"the small job took {small.ElapsedMilliseconds} ms behind the large one");
        Assert.Equal(LineOutcome.Completed, report.Outcome);

        (LineReport bigReport, List<Shipped> bigOutputs) = await large;
        Assert.Equal(1000, bigOutputs.Count);
        Assert.True(flood.ElapsedMilliseconds > small.ElapsedMilliseconds * 2);
        Assert.Equal(RunStatus.Completed, (await temp.Ledger.GetRunAsync("small"))!.Status);
        Assert.Equal(LineOutcome.Completed, bigReport.Outcome);
    }
}
