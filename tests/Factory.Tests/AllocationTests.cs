using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Tests;

/// <summary>
/// Bytes per material are deterministic enough to test (time is not). The pipeline runs on several
/// threads, so this counts every thread's allocations and subtracts a small run's from a large one's:
/// what is left is the cost of the extra materials alone.
/// </summary>
[Collection(nameof(AllocationTests))]
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationTests(ITestOutputHelper output)
{
    private const int Small = 1_000;
    private const int Large = 101_000;

    [Fact]
    public async Task A_warm_synchronous_three_station_line_allocates_nothing_per_material()
    {
        var line = new Arithmetic(new AddOne(), new Twice(), new Negate());
        await DrainAsync(line, 20_000);

        long small = await AllocatedAsync(line, Small);
        long large = await AllocatedAsync(line, Large);
        double perMaterial = (double)(large - small) / (Large - Small);
        output.WriteLine($"small run {small} B, large run {large} B, {perMaterial:0.000} B per material");

        // Below one byte per material: what remains is the occasional wait of a worker on an empty
        // conveyor, not anything paid for each material.
        Assert.True(perMaterial < 1.0, $"{perMaterial:0.000} bytes per material");
    }

    [Fact]
    public async Task Feeding_Input_and_draining_Output_allocates_nothing_per_material()
    {
        // Start(): the caller writes one value at a time and reads one at a time, waiting without a
        // cancellation token whenever the belt is full or empty. Those waits reuse the belt's waiter.
        var line = new Arithmetic(new AddOne(), new Twice(), new Negate());
        await FeedAndDrainAsync(line, 20_000);

        long small = await AllocatedAsync(line, Small, FeedAndDrainAsync);
        long large = await AllocatedAsync(line, Large, FeedAndDrainAsync);
        double perMaterial = (double)(large - small) / (Large - Small);
        output.WriteLine($"small run {small} B, large run {large} B, {perMaterial:0.000} B per material");

        Assert.True(perMaterial < 1.0, $"{perMaterial:0.000} bytes per material");
    }

    private static Task<long> AllocatedAsync(Arithmetic line, int count) => AllocatedAsync(line, count, DrainAsync);

    private static async Task<long> AllocatedAsync(Arithmetic line, int count, Func<Arithmetic, int, Task> run)
    {
        long best = long.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await run(line, count);
            best = Math.Min(best, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        return best;
    }

    private static async Task FeedAndDrainAsync(Arithmetic line, int count)
    {
        LineRun<int, int> run = line.Start();
        Task feeding = Task.Run(async () =>
        {
            for (int i = 0; i < count; i++)
            {
                while (!run.Input.TryWrite(i))
                {
                    Assert.True(await run.Input.WaitToWriteAsync());
                }
            }

            run.Input.Complete();
        });

        long read = 0;
        while (await run.Output.WaitToReadAsync())
        {
            while (run.Output.TryRead(out _))
            {
                read++;
            }
        }

        await feeding;
        await run.Completion;
        Assert.Equal(count, read);
    }

    private static async Task DrainAsync(Arithmetic line, int count)
    {
        long sum = 0;
        await foreach (int value in line.RunAsync(new CountingSource(count)))
        {
            sum += value;
        }

        Assert.NotEqual(0, sum);
    }

    /// <summary>0..count-1 without an iterator allocation per item.</summary>
    private sealed class CountingSource(int count) : IEnumerable<int>
    {
        public IEnumerator<int> GetEnumerator()
        {
            for (int i = 0; i < count; i++)
            {
                yield return i;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
