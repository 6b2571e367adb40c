using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// The conveyor in front of a station: a bounded ring of materials. Producers put many materials on
/// with one lock and consumers take many off with one lock, so a hop costs about a nanosecond per
/// material under load instead of a channel operation each, while the bound is still counted in
/// materials (a full belt holds its writers: backpressure). Light load adds no latency: whatever is
/// ready moves as soon as a worker has nothing else to do.
/// </summary>
[DebuggerDisplay("Count = {count}, Capacity = {Capacity}, Closed = {closed}, Exit = {IsExit}")]
internal sealed class Belt<T>
{
    private readonly Material<T>[] ring;

    // Waking a waiting worker costs microseconds on a busy machine, a thousand times a hand-off under
    // load: writers waiting for room are woken once the belt is down to half, and readers fed by a
    // writer that carries on once it is half full, so each wake-up moves half a belt.
    private readonly int halfFull;

    private readonly Lock gate = new();
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ExitParking? parking;
    private readonly CallerWaits<T> callerReaders;
    private readonly CallerWaits<T> callerWriters;
    private int head;
    private int count;
    private int producers = 1;
    private long written;
    private bool closed;
    private bool poked;
    private Exception? error;
    private Waiter? waitingReaders;
    private Waiter? waitingWriters;
    private IBeltSource<T>? source;

    public Belt(int capacity)
    {
        Debug.Assert(capacity > 0, "The analyzer refuses Capacity < 1.");
        ring = new Material<T>[Math.Max(1, capacity)];
        halfFull = ring.Length / 2;
        callerReaders = new CallerWaits<T>(this, readerSide: true);
        callerWriters = new CallerWaits<T>(this, readerSide: false);
    }

    public int Capacity => ring.Length;

    /// <summary>True for the line's last belt: what is put on it has left the line, and its writer may park (<see cref="ExitParking"/>).</summary>
    public bool IsExit
    {
        get => parking is not null;
        init => parking = value ? new ExitParking() : null;
    }

    /// <summary>Materials ever put on the belt.</summary>
    public long Written => Volatile.Read(ref written);

    /// <summary>True when exactly one worker reads this belt, so it may pull from a source (<see cref="PullFrom"/>).</summary>
    public bool SingleReader { get; set; }

    /// <summary>Materials on the belt now (a snapshot).</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>True while a writer waits for room (a snapshot).</summary>
    public bool WriterWaiting => Volatile.Read(ref waitingWriters) is not null;

    /// <summary>Completes when the belt is closed and empty; faults with the error it was closed with.</summary>
    public Task Completion => drained.Task;

    /// <summary>
    /// Puts as many of <paramref name="items"/> on the belt as fit; returns how many (none once closed).
    /// With <paramref name="more"/> the writer says it carries on producing at once, so a waiting
    /// reader is woken only when the belt is half full: the writer flushes again without that promise
    /// before it waits for anything, and that flush wakes the reader.
    /// </summary>
    public int TryWrite(ReadOnlySpan<Material<T>> items, bool more = false)
    {
        Waiter? wake;
        int written;
        lock (gate)
        {
            AssertInvariants();
            if (closed)
            {
                return 0;
            }

            written = Math.Min(items.Length, ring.Length - count);
            int tail = (head + count) % ring.Length;
            for (int i = 0; i < written; i++)
            {
                Material<T>.Store(ref ring[tail], items[i]);
                tail = tail + 1 == ring.Length ? 0 : tail + 1;
            }

            count += written;
            this.written += written;
            wake = written > 0 && (!more || count >= halfFull) ? Waiter.TakeAll(ref waitingReaders) : null;
        }

        Waiter.SignalAll(wake, true);
        return written;
    }

    /// <summary>
    /// Puts <paramref name="value"/> on the belt if there is room, as the material <paramref name="entrance"/>
    /// makes of it under the lock: for an entry whose run admits every input, numbered and written with one lock.
    /// </summary>
    public bool TryWriteEntering<TEntrance>(T value, TEntrance entrance)
        where TEntrance : struct, IEntrance<T>
    {
        Waiter? wake;
        lock (gate)
        {
            AssertInvariants();
            if (closed || count == ring.Length)
            {
                return false;
            }

            Material<T>.Store(ref ring[(head + count) % ring.Length], entrance.Enter(value));
            count++;
            written++;
            wake = Waiter.TakeAll(ref waitingReaders);
        }

        Waiter.SignalAll(wake, true);
        return true;
    }

    /// <summary>Puts one material on the belt if there is room.</summary>
    public bool TryWrite(in Material<T> item) => TryWrite(new ReadOnlySpan<Material<T>>(in item)) == 1;

    /// <summary>Takes up to <c>into.Length</c> materials off the belt; returns how many.</summary>
    public int TryRead(Span<Material<T>> into)
    {
        int read = TakeOff(into, out bool writerParked);
        if (read == 0 && writerParked && WakeParkedWriter())
        {
            read = TakeOff(into, out _);
        }

        if (read > 0 || Volatile.Read(ref source) is not { } from)
        {
            return read;
        }

        // The belt is empty and its only reader pulls from the source itself (PullFrom).
        int pulled = from.Pull(into, out bool exhausted);
        lock (gate)
        {
            AssertInvariants();
            written += pulled;
        }

        if (exhausted)
        {
            source = null;
            TryComplete();
        }

        return pulled;
    }

    private int TakeOff(Span<Material<T>> into, out bool writerParked)
    {
        Waiter? wake = null;
        int read;
        bool nowDrained;
        lock (gate)
        {
            AssertInvariants();
            read = Math.Min(into.Length, count);
            for (int i = 0; i < read; i++)
            {
                Material<T>.Store(ref into[i], ring[head]);
                ring[head] = default;
                head = head + 1 == ring.Length ? 0 : head + 1;
            }

            count -= read;
            if (read > 0 && count <= halfFull && waitingWriters is not null && parking?.KeepsParked(waitingWriters) != true)
            {
                wake = Waiter.TakeAll(ref waitingWriters);
            }

            nowDrained = read > 0 && closed && count == 0;
            writerParked = count == 0 && waitingWriters is not null;
        }

        Waiter.SignalAll(wake, true);
        if (nowDrained)
        {
            SetDrained();
        }

        return read;
    }

    /// <summary>
    /// A reader that finds the exit empty with a writer parked gets the writer going
    /// (<see cref="ExitParking.Resume"/>); false when there was none. Only the exit keeps writers
    /// parked, so other belts return at once, without the lock.
    /// </summary>
    private bool WakeParkedWriter()
    {
        Waiter? parked = null;
        if (parking is not null)
        {
            lock (gate)
            {
                AssertInvariants();
                parked = count == 0 ? Waiter.TakeAll(ref waitingWriters) : null;
            }
        }

        return parked is not null && ExitParking.Resume(parked);
    }

    /// <summary>
    /// From now on the belt's only reader, finding the belt empty, takes materials from
    /// <paramref name="from"/> itself, on its own thread; the belt closes when the source is exhausted.
    /// </summary>
    public void PullFrom(IBeltSource<T> from)
    {
        Debug.Assert(SingleReader, "Only a belt with one reader may pull: the source is not thread-safe.");
        Volatile.Write(ref source, from);

        // A reader already waiting for materials looks again, and pulls.
        Poke();
    }

    /// <summary>Waits until there are materials (true) or the belt is closed and empty (false).</summary>
    public ValueTask<bool> WaitToReadAsync(ReusableWaiter waiter)
    {
        // A writer this reader left parked on the exit gets going before the reader waits for it.
        WakeParkedWriter();
        ValueTask<bool> waiting = waiter.Begin();
        return TryEnlist(waiter, readerSide: true, outside: false, out ValueTask<bool> answer) ? waiting : answer;
    }

    /// <summary>Waits until there is room (true) or the belt is closed (false).</summary>
    public ValueTask<bool> WaitToWriteAsync(ReusableWaiter waiter)
    {
        ValueTask<bool> waiting = waiter.Begin();
        return TryEnlist(waiter, readerSide: false, outside: false, out ValueTask<bool> answer) ? waiting : answer;
    }

    /// <summary>Waits for materials on behalf of a caller outside the line, who may cancel.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        WakeParkedWriter();
        return callerReaders.WaitAsync(cancellationToken);
    }

    /// <summary>Waits for room on behalf of a caller outside the line, who may cancel.</summary>
    public ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken) => callerWriters.WaitAsync(cancellationToken);

    /// <summary>
    /// Enlists <paramref name="waiter"/> (already begun) to wait for materials (reader side) or room:
    /// true; or false when there is no need, with the <paramref name="answer"/>: true for materials (or
    /// a poke) or room, false for a closed belt, or its closing error for a reader <paramref name="outside"/>
    /// the line. With no waiter, only says whether there is a need.
    /// </summary>
    public bool TryEnlist(Waiter? waiter, bool readerSide, bool outside, out ValueTask<bool> answer)
    {
        lock (gate)
        {
            AssertInvariants();
            if (readerSide ? count > 0 || poked : count < ring.Length && !closed)
            {
                poked &= !readerSide || count > 0;
                answer = new ValueTask<bool>(true);
                return false;
            }

            if (closed)
            {
                answer = outside && readerSide && error is not null ? ValueTask.FromException<bool>(error) : new ValueTask<bool>(false);
                return false;
            }

            answer = default;
            if (waiter is not null && readerSide)
            {
                Waiter.Enlist(ref waitingReaders, waiter);
            }
            else if (waiter is not null)
            {
                Waiter.Enlist(ref waitingWriters, waiter);
                parking?.Parked();
            }

            return true;
        }
    }

    /// <summary>
    /// Wakes the reader without a material, so it looks at something else it watches (a gather's
    /// notices). A reader that is not waiting yet finds the poke on its next wait.
    /// </summary>
    public void Poke()
    {
        Waiter? wake;
        lock (gate)
        {
            AssertInvariants();
            wake = Waiter.TakeAll(ref waitingReaders);
            poked = wake is null;
        }

        Waiter.SignalAll(wake, true);
    }

    /// <summary>One producer of this belt is <paramref name="count"/> merging branches: added, not set, since a nested line's own routes count their ends too.</summary>
    public void ExpectProducers(int count)
    {
        lock (gate)
        {
            AssertInvariants();
            producers += count - 1;
        }
    }

    /// <summary>
    /// A producer is done. The belt closes when every producer is done, or at once with an error:
    /// no more writes; readers take what is left, then see the end (and the error, if any).
    /// </summary>
    public bool TryComplete(Exception? closingError = null)
    {
        Waiter? readers;
        Waiter? writers;
        bool nowDrained;
        lock (gate)
        {
            AssertInvariants();
            if (closed)
            {
                return false;
            }

            if (closingError is null && --producers > 0)
            {
                return true;
            }

            closed = true;
            error = closingError;
            readers = Waiter.TakeAll(ref waitingReaders);
            writers = Waiter.TakeAll(ref waitingWriters);
            nowDrained = count == 0;
        }

        // A reader may be waiting with materials on the belt (a writer that carried on had not woken
        // it yet): it looks again and takes them before it sees the end.
        Waiter.SignalAll(readers, !nowDrained);
        Waiter.SignalAll(writers, false);
        if (nowDrained)
        {
            SetDrained();
        }

        return true;
    }

    /// <summary>The error the belt was closed with, once it is closed (it is set before the belt closes, under the lock).</summary>
    public Exception? Error => Volatile.Read(ref error);

    /// <summary>Completes <see cref="Completion"/> as a channel's completion: with the closing error, or cancelled with a cancellation.</summary>
    private void SetDrained() => _ = error switch
    {
        null => drained.TrySetResult(),
        OperationCanceledException cancelled => drained.TrySetCanceled(cancelled.CancellationToken),
        _ => drained.TrySetException(error),
    };

    /// <summary>
    /// What holds between any two operations on the belt, checked under its lock in debug builds, as
    /// System.Threading.Channels' bounded channel does: a waiter left waiting by a broken rule here
    /// would hang a line, far from the cause.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(gate.IsHeldByCurrentThread, "The belt's lock is held.");
        Debug.Assert(count >= 0 && count <= ring.Length, "The belt holds no more than its capacity.");
        Debug.Assert(head >= 0 && head < ring.Length, "The head is in the ring.");
        Debug.Assert(written >= count, "Whatever is on the belt was put on it.");
        Debug.Assert(closed || producers > 0, "An open belt has a producer still to finish.");
        Debug.Assert(!closed || (waitingReaders is null && waitingWriters is null), "Nobody waits on a closed belt.");
        Debug.Assert(waitingReaders is null || count < Math.Max(halfFull, 1), "Readers wait only on a belt under half full: a writer wakes them at half at the latest.");
        Debug.Assert(waitingWriters is null || count > halfFull || parking is not null, "Writers wait only on a belt over half full, but for the exit's parked writer.");
        Debug.Assert(!drained.Task.IsCompleted || (closed && count == 0), "A drained belt is closed and empty.");
    }
}
