using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>Runs on one line instance pause apart: no ledger needed, so it runs once.</summary>
public sealed class PausedRunTests
{
    [Fact]
    public async Task Pausing_one_run_does_not_pause_another_on_the_same_line()
    {
        var line = new StampLine(new Stamp(delayMs: 1));
        LineRun<Order, Shipped> paused = line.Start(new JobOrder("p", "acme"));
        paused.Pause();
        (LineReport other, List<Shipped> outputs) = await Runs.RunAsync(line, Runs.Orders(20), new RunOptions { Job = new JobOrder("o", "globex") }).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(20, outputs.Count);
        Assert.True(paused.IsPaused);
        paused.Resume();
        paused.Input.Complete();
        await paused.Completion;
    }
}
