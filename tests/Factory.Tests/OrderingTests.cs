using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

public sealed class OrderingTests
{
    [Fact]
    public async Task Parallel_workers_keep_input_order()
    {
        var line = new OrderedLine(new Jitter(maxDelayMs: 5, seed: 42));

        var outputs = await line.RunAsync(Enumerable.Range(0, 400)).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 400), outputs);
    }

    [Fact]
    public async Task Quick_parallel_workers_keep_input_order_at_volume()
    {
        // Quick work makes the workers take runs of materials under one ticket; the occasional slow
        // material makes them go back to one at a time. Order holds either way.
        var line = new QuickEchoLine(new QuickEcho());

        var outputs = await line.RunAsync(Enumerable.Range(0, 20_000)).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 20_000), outputs);
    }

    [Fact]
    public async Task A_quick_parallel_split_keeps_order_with_filtered_and_failed_materials()
    {
        const int count = 10_000;
        var line = new QuickPairsLine(new QuickPairs());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), Enumerable.Range(0, count));

        int[] expected = Enumerable.Range(0, count)
            .Where(i => i % 5 != 0 && i % 7 != 0)
            .SelectMany(i => new[] { i * 10, (i * 10) + 1 })
            .ToArray();
        Assert.Equal(expected, outputs);
        Assert.Equal(Enumerable.Range(0, count).Count(i => i % 5 != 0 && i % 7 == 0), report.DeadLetters.Count);
        Assert.Equal(expected.Length, report.Out);
    }

    [Fact]
    public async Task Cancelling_stops_an_ordered_parallel_run_whose_workers_are_waiting()
    {
        // Jitter's workers wait on slow materials and on room in the reorder window: a cancel must
        // wake and end all of them.
        using var cancel = new CancellationTokenSource();
        var line = new OrderedLine(new Jitter(maxDelayMs: 20, seed: 3));
        LineRun<int, int> run = line.Start(cancellationToken: cancel.Token);
        for (int i = 0; i < 300; i++)
        {
            Assert.True(run.Input.TryWrite(i) || await run.Input.WaitToWriteAsync() && run.Input.TryWrite(i));
        }

        Assert.True(await run.Output.WaitToReadAsync());
        cancel.Cancel();

        LineReport report = await run.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(LineOutcome.Cancelled, report.Outcome);
        Assert.True(report.Out < 300, $"{report.Out} outputs");
    }

    [Fact]
    public async Task Unordered_workers_lose_nothing()
    {
        var line = new UnorderedLine(new UnorderedJitter(maxDelayMs: 3));

        var outputs = await line.RunAsync(Enumerable.Range(0, 400)).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 400), outputs.Order());
    }

    [Fact]
    public async Task Parallel_workers_run_at_once()
    {
        var station = new Jitter(maxDelayMs: 20, seed: 7);
        var line = new OrderedLine(station);

        var outputs = await line.RunAsync(Enumerable.Range(0, 80)).ToListAsync();

        Assert.Equal(80, outputs.Count);
        Assert.Equal(4, station.MaxInFlight);
    }
}
