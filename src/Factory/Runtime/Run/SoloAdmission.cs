using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// Runs the inputs an observer names (<see cref="RunObserver.RunsAlone"/>) alone, so that a crash of
/// the process while one runs can only be its own: such an input is admitted once the line has
/// drained (every material admitted before it has left the stations), and the input after it once
/// the line has drained again. The line's content is counted, not tracked: materials admitted, plus
/// a split's children (and the group a gather owes for it), less the children a gather took, dead
/// letters, discards, and materials put on the exit. A drain also clears the flight recorder: no
/// worker is working on anything then. Admission waits by polling every millisecond, so only the
/// inputs that run alone, and the one after each, wait at all.
/// </summary>
internal sealed class SoloAdmission(RunState run)
{
    // The splits a gather follows: each owes the line one gathered group per parent.
    private readonly HashSet<string> gatheredSplits = new(StringComparer.Ordinal);
    private long inLine;
    private Func<long>? exited;
    private bool afterAlone;
    private Task? draining;

    // What the observers last said of an input: asked before it is admitted, and again when it enters.
    // Admission is one thread's work, so the two questions about one input come in turn.
    private long askedSequence = -1;
    private bool askedAlone;

    /// <summary>The line's exit: materials put on it have left the stations.</summary>
    public void WatchExit<T>(Belt<T> exit) => exited = () => exit.Written;

    /// <summary>A gather takes the children of the split at <paramref name="splitPath"/> (wiring, before the run starts).</summary>
    public void GatheredAfter(string splitPath) => gatheredSplits.Add(splitPath);

    /// <summary>A material left the line: a dead letter, or a discard.</summary>
    public void Left() => Interlocked.Decrement(ref inLine);

    /// <summary>
    /// A material of <paramref name="station"/> made way for its <paramref name="children"/>; a gather
    /// after the split owes one group for it.
    /// </summary>
    public void Split(StationDescriptor station, int children) =>
        Interlocked.Add(ref inLine, children - 1 + (gatheredSplits.Contains(station.Path) ? 1 : 0));

    /// <summary>The <paramref name="arrived"/> children at a gather became the one group their split owed.</summary>
    public void Gathered(int arrived) => Interlocked.Add(ref inLine, -arrived);

    /// <summary>The input at <paramref name="sequence"/> was admitted.</summary>
    public void Entered(long sequence)
    {
        Interlocked.Increment(ref inLine);
        afterAlone = RunsAlone(sequence);
    }

    /// <summary>
    /// True when the input at <paramref name="sequence"/> must wait (<see cref="WhenDrained"/>) before
    /// it is admitted: it runs alone, or the input before it did, and the line has not drained yet.
    /// </summary>
    public bool MustWait(long sequence)
    {
        if (!afterAlone && !RunsAlone(sequence))
        {
            return false;
        }

        if (!Drained)
        {
            return true;
        }

        // Nothing is in a station: what the recorder still names is done with, and must not be blamed for a crash to come.
        run.Flight?.Clear();
        return false;
    }

    /// <summary>Whether the observers have <paramref name="sequence"/> run alone, asked once per input.</summary>
    private bool RunsAlone(long sequence)
    {
        if (sequence != askedSequence)
        {
            askedAlone = run.Observers.RunsAlone(sequence);
            askedSequence = sequence;
        }

        return askedAlone;
    }

    /// <summary>Completes once the line has drained, or the run stopped.</summary>
    public Task WhenDrained()
    {
        Task? current = Volatile.Read(ref draining);
        if (current is null || current.IsCompleted)
        {
            current = PollAsync();
            Volatile.Write(ref draining, current);
        }

        return current;
    }

    private bool Drained
    {
        get
        {
            // The exit first: a count read after it can only be larger, never claim a drain that is not there.
            long exit = exited?.Invoke() ?? 0;
            return Volatile.Read(ref inLine) - exit <= 0;
        }
    }

    private async Task PollAsync()
    {
        while (!Drained && !run.Token.IsCancellationRequested)
        {
            await Task.Delay(1).ConfigureAwait(false);
        }
    }
}
