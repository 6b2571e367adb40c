using System;
using System.Threading;

namespace Factory.Runtime;

/// <summary>A station's counts over all its workers (and its ordered emitter).</summary>
internal sealed class StationCounters
{
    private readonly WorkerCounts[] workers;

    public StationCounters(int slots)
    {
        workers = new WorkerCounts[slots];
        for (int i = 0; i < slots; i++)
        {
            workers[i] = new WorkerCounts();
        }
    }

    public WorkerCounts this[int slot] => workers[slot];

    /// <summary>Attempt durations over the workers, counted while the run is instrumented (someone observes or listens).</summary>
    public DurationHistogram Durations { get; } = new();

    public long In => Sum(static w => Volatile.Read(ref w.In));

    public long Out => Sum(static w => Volatile.Read(ref w.Out));

    public long DeadLettered => Sum(static w => Volatile.Read(ref w.DeadLettered));

    public long Retries => Sum(static w => Volatile.Read(ref w.Retries));

    public long InputTokens => Sum(static w => Volatile.Read(ref w.InputTokens));

    public long OutputTokens => Sum(static w => Volatile.Read(ref w.OutputTokens));

    /// <summary>Model cost over the workers (written under each worker's lock: decimals are not atomic).</summary>
    public decimal Cost
    {
        get
        {
            decimal total = 0;
            foreach (WorkerCounts worker in workers)
            {
                lock (worker)
                {
                    total += worker.Cost;
                }
            }

            return total;
        }
    }

    private long Sum(Func<WorkerCounts, long> read)
    {
        long total = 0;
        foreach (WorkerCounts worker in workers)
        {
            total += read(worker);
        }

        return total;
    }
}
