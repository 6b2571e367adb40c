using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// Whether the worker waiting for room on the line's exit stays parked for the exit's reader to run
/// on the reader's own thread (<see cref="ValueTaskWaiter.ResumeHere"/>), instead of being woken when
/// the exit is down to half: a thread hand-off costs tens of µs on two cores, so a quick writer and a
/// quick reader take turns on one thread. Only a quick worker allows it
/// (<see cref="ReusableWaiter.MayRunOnReader"/>), only a reader that emptied half the exit soon after
/// the writer parked keeps it parked, and only a thread with no synchronization context or scheduler of
/// its own (never a UI thread) runs it. The exit belt calls this under its lock, but for <see cref="Resume"/>.
/// </summary>
internal sealed class ExitParking
{
    // A reader that empties half the exit within this time of the writer parking is quick.
    private static readonly long QuickReaderTicks = Stopwatch.Frequency / 20_000;

    private long parkedAt;
    private bool? keep;

    /// <summary>A writer has just started waiting for room.</summary>
    public void Parked()
    {
        parkedAt = Stopwatch.GetTimestamp();
        keep = null;
    }

    /// <summary>True when <paramref name="writers"/>, now that the reader is down to half the exit, stay parked.</summary>
    public bool KeepsParked(Waiter? writers)
    {
        if (!MayRunOnReader(writers))
        {
            return false;
        }

        // Decided once per parking, when the reader first gets down to half: a reader taking one
        // output at a time would otherwise read the clock for every one.
        keep ??= Stopwatch.GetTimestamp() - parkedAt < QuickReaderTicks && ReaderMayRunWriter();
        return keep.Value;
    }

    /// <summary>
    /// Gets writers taken off the exit going, outside its lock: one that allows it runs on this thread
    /// until it waits again (the exit is full, or it waits for something else); any other is woken.
    /// Returns true: there was a writer to get going.
    /// </summary>
    public static bool Resume(Waiter parked)
    {
        if (MayRunOnReader(parked) && ReaderMayRunWriter())
        {
            ((ReusableWaiter)parked).ResumeHere(true);
        }
        else
        {
            Waiter.SignalAll(parked, true);
        }

        return true;
    }

    /// <summary>True when <paramref name="writers"/> is the exit's one writer, a quick worker that lets its reader run it.</summary>
    private static bool MayRunOnReader(Waiter? writers) => writers is ReusableWaiter { MayRunOnReader: true, Next: null };

    /// <summary>Whether this thread may run a writer's worker: not one with a synchronization context or a scheduler of its own, where station work does not belong.</summary>
    private static bool ReaderMayRunWriter() =>
        SynchronizationContext.Current is null && TaskScheduler.Current == TaskScheduler.Default;
}
