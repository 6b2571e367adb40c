using System;
using System.Linq;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

public sealed class BatchTests
{
    [Fact]
    public async Task A_batch_goes_when_it_is_full()
    {
        var station = new BatchDouble();
        var line = new BatchLine(station);

        var outputs = await line.RunAsync(Enumerable.Range(0, 8)).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 8).Select(i => i * 2), outputs);
        Assert.Equal(new[] { 4, 4 }, station.BatchSizes);
    }

    [Fact]
    public async Task A_batch_goes_when_its_wait_is_over()
    {
        var station = new BatchDouble();
        var line = new BatchLine(station);
        LineRun<int, int> run = line.Start();

        await run.Input.WriteAsync(1);
        await run.Input.WriteAsync(2);

        // The input stays open: only BatchWaitMs can send this batch of two.
        Assert.Equal(2, await run.Output.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(4, await run.Output.ReadAsync());
        Assert.Equal(new[] { 2 }, station.BatchSizes);
        run.Input.Complete();
        await run.Completion;
    }

    [Fact]
    public async Task A_batch_with_the_wrong_number_of_outputs_dead_letters_all_of_it()
    {
        var line = new ShortBatchLine(new ShortBatch());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), new[] { 1, 2, 3, 11, 12, 13 });

        Assert.Equal(new[] { 1, 2, 3 }, outputs);
        Assert.Equal(new[] { 11, 12, 13 }, report.DeadLetters.Select(d => (int)d.Input!).Order());
        Assert.All(report.DeadLetters, d => Assert.Equal("Batch station 'ShortBatch' returned 2 outputs for 3 inputs; a batch station gives one output per input, in order.", d.Message));
    }

    [Fact]
    public async Task Retries_apply_per_batch()
    {
        var station = new FlakyBatch();
        var line = new FlakyBatchLine(station);

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), Enumerable.Range(0, 4));

        Assert.Equal(Enumerable.Range(0, 4), outputs);
        Assert.Equal(4, station.Calls);
        Assert.Equal(2, report.Stations[0].Retries);
        Assert.Empty(report.DeadLetters);
    }

    [Fact]
    public void The_descriptor_shows_the_batch()
    {
        Assert.Equal((4, 100), (BatchDouble.Descriptor.Options.BatchSize, BatchDouble.Descriptor.Options.BatchWaitMs));
        Assert.Contains("BatchDouble (batch 4)", BatchLine.Mermaid, StringComparison.Ordinal);
        Assert.False(Shout.Descriptor.Options.IsBatch);
    }
}
