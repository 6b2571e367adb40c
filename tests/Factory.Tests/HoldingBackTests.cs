using System;
using System.Threading;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

/// <summary>
/// Batching between stations is for quick work under load; it must not make a slow station's
/// outputs wait for a full batch. The test measures in materials done while it waits, so it runs
/// alone: a volume test on the other core would delay its own continuation, not the output.
/// </summary>
[Collection(nameof(HoldingBackTests))]
[CollectionDefinition(nameof(HoldingBackTests), DisableParallelization = true)]
public sealed class HoldingBackTests
{
    [Fact]
    public async Task A_slow_stations_first_output_leaves_before_a_batch_of_work_is_done()
    {
        // 100 inputs are queued at once, so the worker always has more to take. At 5 ms a material a
        // full outbox (64) would hold the first output for over 300 ms.
        // The station blocks its thread, as slow synchronous work does; the test host blocks another
        // of the thread pool's two, so make sure one is left to deliver the output.
        ThreadPool.GetMinThreads(out int workers, out int completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 4), completionPorts);
        var station = new SlowSquare();
        var line = new SlowSquareLine(station);
        LineRun<int, int> run = line.Start();
        for (int i = 1; i <= 100; i++)
        {
            Assert.True(run.Input.TryWrite(i));
        }

        run.Input.Complete();

        Assert.True(await run.Output.WaitToReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        int doneWhenFirstArrived = station.Done;
        Assert.True(run.Output.TryRead(out int first));
        Assert.Equal(1, first);
        Assert.True(doneWhenFirstArrived < 16, $"the first output arrived after {doneWhenFirstArrived} materials were done");

        int count = 1;
        while (await run.Output.WaitToReadAsync())
        {
            while (run.Output.TryRead(out _))
            {
                count++;
            }
        }

        Assert.Equal(100, count);
        Assert.Equal(LineOutcome.Completed, (await run.Completion).Outcome);
    }
}
