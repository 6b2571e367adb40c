using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// Whether a worker's station is quick (under 20 µs a material, measured over each take with two
/// clock reads, leaving out takes in which the worker waited for room or a pause), and what follows
/// from it. A quick station's outputs wait in the outbox until it is full, and one of several workers
/// takes its share of what is queued, up to a batch: a hand-off per material would cost more than
/// the work. A slow station's outputs go on after each material, so batching adds no latency, and
/// one of several workers takes one material at a time, so slow work spreads across them. A worker
/// starts out slow.
/// </summary>
internal struct WorkerPace(int workers)
{
    private static readonly long QuickTicks = Stopwatch.Frequency / 50_000;

    private bool quick;
    private bool waited;

    /// <summary>True once the last measured take averaged under 20 µs a material.</summary>
    public readonly bool Quick => quick;

    /// <summary>How many of the <paramref name="queued"/> materials to take, at most <paramref name="most"/>.</summary>
    public readonly int Want(int queued, int most) =>
        workers == 1 ? most
        : quick ? Math.Clamp(queued / workers, 1, most)
        : 1;

    /// <summary>Marks the start of a take's work.</summary>
    public readonly long Start() => Stopwatch.GetTimestamp();

    /// <summary>The worker waited for something other than its station during this take: it does not count.</summary>
    public void Waited() => waited = true;

    /// <summary>A flush that has to wait for room makes the take not count.</summary>
    public ValueTask AwaitFlush(ValueTask flushing)
    {
        if (!flushing.IsCompletedSuccessfully)
        {
            waited = true;
        }

        return flushing;
    }

    /// <summary>The take's <paramref name="taken"/> materials are done.</summary>
    public void Done(long started, int taken)
    {
        if (!waited)
        {
            quick = Stopwatch.GetTimestamp() - started < QuickTicks * taken;
        }

        waited = false;
    }
}
