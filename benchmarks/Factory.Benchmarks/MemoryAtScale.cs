using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Benchmarks;

/// <summary>Splits a number into <see cref="Parts"/> parts (1:1,000 fan-out).</summary>
[Station]
public sealed partial class Explode
{
    public const int Parts = 1_000;

    public IEnumerable<long> Process(long input)
    {
        for (int i = 0; i < Parts; i++)
        {
            yield return input + i;
        }
    }
}

/// <summary>Gathers one input's parts back into their sum.</summary>
[Station]
public sealed partial class SumParts
{
    public long Process(Gathered<long> input)
    {
        long sum = 0;
        foreach (long part in input.Items)
        {
            sum += part;
        }

        return sum;
    }
}

/// <summary>Issue 21's fan-out: a split of 1:1,000, a station on every part, and a gather.</summary>
[Line]
[Step<Explode>]
[Step<AddOne>]
[Step<SumParts>]
public sealed partial class FanOutGather;

/// <summary>
/// Memory at scale (issue 21), not a BenchmarkDotNet benchmark: memory is sampled during one long run,
/// which BenchmarkDotNet's iterations would not show. <c>-- --memory</c> runs S1's line over 10,000,000
/// materials and the fan-out line over 1,000 and then 10,000 inputs (1,000,000 and 10,000,000 parts),
/// sampling the working set and the managed heap every 50 ms, and prints start, peak and end of each
/// (each line warmed first by a short run, so the start is a warm process, not a cold one), the working
/// set at each tenth of the run, the thread pool's threads and the GC's committed bytes at the end.
/// <c>FACTORY_MEMORY_S1</c> sets S1's count (default 10,000,000) to look further.
/// </summary>
internal static class MemoryAtScale
{
    public static async Task<int> RunAsync()
    {
        Console.WriteLine("| run | materials | seconds | working set start / peak / end (MiB) | managed heap start / peak / end (MiB) | working set at each tenth of the run (MiB) | pool threads | GC committed (MiB) |");
        Console.WriteLine("|---|---:|---:|---|---|---|---:|---:|");
        var linear = new Linear3(new AddOne(), new Twice(), new Mask());

        // Warm: the JIT's tiers, the thread pool and the GC's budgets settle before the start is sampled.
        await foreach (long _ in linear.RunAsync(new Counting(200_000)).ConfigureAwait(false))
        {
        }

        int s1 = int.Parse(Environment.GetEnvironmentVariable("FACTORY_MEMORY_S1") ?? "10000000", CultureInfo.InvariantCulture);
        await MeasureAsync("S1 line, RunAsync()", s1, async () =>
        {
            long sum = 0;
            await foreach (long output in linear.RunAsync(new Counting(s1)).ConfigureAwait(false))
            {
                sum += output;
            }

            Expected.Check(Expected.Linear3(s1), sum, "S1 at scale");
        }).ConfigureAwait(false);

        var fanOut = new FanOutGather(new Explode(), new AddOne(), new SumParts());
        await foreach (long _ in fanOut.RunAsync(new Counting(200)).ConfigureAwait(false))
        {
        }

        foreach (int inputs in (int[])[1_000, 10_000])
        {
            await MeasureAsync($"split 1:{Explode.Parts:N0} + gather, {inputs:N0} inputs", (long)inputs * Explode.Parts, async () =>
            {
                long groups = 0;
                await foreach (long _ in fanOut.RunAsync(new Counting(inputs)).ConfigureAwait(false))
                {
                    groups++;
                }

                if (groups != inputs)
                {
                    throw new InvalidOperationException($"fan-out: {groups} groups gathered of {inputs}.");
                }
            }).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task MeasureAsync(string name, long materials, Func<Task> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var residentBytes = new ResidentBytes();
        var samples = new Samples(residentBytes);
        using var stop = new CancellationTokenSource();
        Task sampling = samples.RunAsync(stop.Token);
        var clock = Stopwatch.StartNew();
        await run().ConfigureAwait(false);
        clock.Stop();
        await stop.CancelAsync().ConfigureAwait(false);
        await sampling.ConfigureAwait(false);
        samples.Take();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {materials:N0} | {clock.Elapsed.TotalSeconds:0.0} | {samples.WorkingSet} | {samples.Heap} | {samples.Tenths()} | {ThreadPool.ThreadCount} | {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:0.0} |"));
    }

    /// <summary>Working set and managed heap, sampled: the first, the largest and the last.</summary>
    private sealed class Samples(ResidentBytes residentBytes)
    {
        // Room for ten minutes of samples, so that taking one allocates nothing.
        private readonly List<(long WorkingSet, long Heap)> taken = new(12_000);

        public string WorkingSet => Span(s => s.WorkingSet);

        public string Heap => Span(s => s.Heap);

        /// <summary>The working set (MiB) at each tenth of the run: a leak climbs steadily, a settling heap steps once.</summary>
        public string Tenths()
        {
            lock (taken)
            {
                var tenths = new List<string>();
                for (int i = 1; i <= 10; i++)
                {
                    tenths.Add(MiB(taken[Math.Min(taken.Count - 1, taken.Count * i / 10)].WorkingSet));
                }

                return string.Join(" ", tenths);
            }
        }

        public async Task RunAsync(CancellationToken stop)
        {
            Take();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(50, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                Take();
            }
        }

        public void Take()
        {
            long workingSet = residentBytes.Read();
            lock (taken)
            {
                taken.Add((workingSet, GC.GetTotalMemory(forceFullCollection: false)));
            }
        }

        private string Span(Func<(long WorkingSet, long Heap), long> of)
        {
            lock (taken)
            {
                long peak = 0;
                foreach (var sample in taken)
                {
                    peak = Math.Max(peak, of(sample));
                }

                return string.Create(CultureInfo.InvariantCulture, $"{MiB(of(taken[0]))} / {MiB(peak)} / {MiB(of(taken[^1]))}");
            }
        }

        private static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
    }
}
