using System;
using System.Diagnostics;

namespace Factory.Runtime;

/// <summary>
/// How many materials a worker takes off its belt at once. A station's only worker takes whatever
/// is ready, up to a batch. One of several workers takes one material at a time while the station
/// is slow, so slow work spreads across the workers; once the station proves quick (under 20 µs a
/// material) it takes its share of what is queued, up to a batch, because then a hand-off per
/// material would cost more than the work. Two clock reads per take, only with several workers.
/// </summary>
internal struct WorkerPace(int workers)
{
    private static readonly long QuickTicks = Stopwatch.Frequency / 50_000;

    private bool quick;

    /// <summary>How many of the <paramref name="queued"/> materials to take, at most <paramref name="most"/>.</summary>
    public readonly int Want(int queued, int most) =>
        workers == 1 ? most
        : quick ? Math.Clamp(queued / workers, 1, most)
        : 1;

    /// <summary>Marks the start of a take's work.</summary>
    public readonly long Start() => workers == 1 ? 0 : Stopwatch.GetTimestamp();

    /// <summary>The take's <paramref name="taken"/> materials are done: was the station quick?</summary>
    public void Done(long started, int taken)
    {
        if (workers > 1)
        {
            quick = Stopwatch.GetTimestamp() - started < QuickTicks * taken;
        }
    }
}
