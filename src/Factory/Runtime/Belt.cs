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
internal sealed class Belt<T>
{
    private readonly Material<T>[] ring;

    // Waking a waiting worker costs microseconds on a busy machine, a thousand times a hand-off under
    // load: writers waiting for room are woken once the belt is down to half, and readers fed by a
    // writer that carries on once it is half full, so each wake-up moves half a belt.
    private readonly int halfFull;

    // A reader that empties half the exit within this time is quick: it leaves a quick writer parked
    // and runs it itself once the exit is empty, rather than pay a thread hand-off (tens of µs on two
    // cores) to wake it. Slower readers wake the writer at half, so the two work side by side.
    private static readonly long QuickReaderTicks = Stopwatch.Frequency / 20_000;

    private readonly Lock gate = new();
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int head;
    private int count;
    private int producers = 1;
    private long written;
    private bool closed;
    private bool poked;
    private Exception? error;
    private Waiter? waitingReaders;
    private Waiter? waitingWriters;
    private CallerWaiter<T>? callerReader;
    private CallerWaiter<T>? callerWriter;
    private IBeltSource<T>? source;
    private long writerParkedAt;
    private bool? keepWriterParked;

    public Belt(int capacity)
    {
        Debug.Assert(capacity > 0, "The analyzer refuses Capacity < 1.");
        ring = new Material<T>[Math.Max(1, capacity)];
        halfFull = ring.Length / 2;
    }

    public int Capacity => ring.Length;

    /// <summary>True for the line's last belt: what is put on it has left the line.</summary>
    public bool IsExit { get; init; }

    /// <summary>Materials ever put on the belt.</summary>
    public long Written => Volatile.Read(ref written);

    /// <summary>True when exactly one worker reads this belt, so it may pull from a source (<see cref="PullFrom"/>).</summary>
    public bool SingleReader { get; set; }

    /// <summary>Materials on the belt now (a snapshot).</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>True while a writer waits for room (a snapshot).</summary>
    public bool WriterWaiting
    {
        get
        {
            lock (gate)
            {
                return waitingWriters is not null;
            }
        }
    }

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

        return read > 0 || Volatile.Read(ref source) is null ? read : Pull(into);
    }

    private int TakeOff(Span<Material<T>> into, out bool writerParked)
    {
        Waiter? wake = null;
        int read;
        bool nowDrained;
        lock (gate)
        {
            read = Math.Min(into.Length, count);
            for (int i = 0; i < read; i++)
            {
                Material<T>.Store(ref into[i], ring[head]);
                ring[head] = default;
                head = head + 1 == ring.Length ? 0 : head + 1;
            }

            count -= read;
            if (read > 0 && count <= halfFull && waitingWriters is not null && !KeepWriterParked())
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
    /// True (under the lock) when a quick writer waiting for room on the exit stays parked: the reader
    /// is quick too, and may run the writer on its own thread once the exit is empty.
    /// </summary>
    private bool KeepWriterParked()
    {
        if (!MayRunOnReader(waitingWriters))
        {
            return false;
        }

        // Decided once per parking, when the reader first gets down to half: a reader taking one
        // output at a time would otherwise read the clock for every one.
        keepWriterParked ??= Stopwatch.GetTimestamp() - writerParkedAt < QuickReaderTicks && ReaderMayRunWriter();
        return keepWriterParked.Value;
    }

    /// <summary>
    /// A reader that finds the exit empty with a writer parked gets the writer going: one that allows
    /// it runs on the reader's thread until it waits again (the exit is full, or it waits for something
    /// else); any other is woken. False when there was none to get going. Only the exit keeps writers
    /// parked, so other belts return at once, without the lock.
    /// </summary>
    private bool WakeParkedWriter()
    {
        if (!IsExit)
        {
            return false;
        }

        Waiter? parked;
        lock (gate)
        {
            if (count > 0 || waitingWriters is null)
            {
                return false;
            }

            parked = Waiter.TakeAll(ref waitingWriters);
        }

        if (MayRunOnReader(parked) && ReaderMayRunWriter())
        {
            ((ReusableWaiter)parked!).ResumeHere(true);
        }
        else
        {
            Waiter.SignalAll(parked, true);
        }

        return true;
    }

    /// <summary>True when <paramref name="writers"/> is the exit's one writer, a quick worker that lets its reader run it.</summary>
    private bool MayRunOnReader(Waiter? writers) =>
        IsExit && writers is ReusableWaiter { MayRunOnReader: true, Next: null };

    /// <summary>
    /// Whether this thread may run a writer's worker: not on a thread with a synchronization context
    /// or a scheduler of its own (a UI thread), where station work does not belong.
    /// </summary>
    private static bool ReaderMayRunWriter() =>
        SynchronizationContext.Current is null && TaskScheduler.Current == TaskScheduler.Default;

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

    private int Pull(Span<Material<T>> into)
    {
        int pulled = source!.Pull(into, out bool exhausted);
        lock (gate)
        {
            written += pulled;
        }

        if (exhausted)
        {
            source = null;
            TryComplete();
        }

        return pulled;
    }

    /// <summary>Waits until there are materials (true) or the belt is closed and empty (false).</summary>
    public ValueTask<bool> WaitToReadAsync(ReusableWaiter waiter)
    {
        // A writer this reader left parked on the exit gets going before the reader waits for it.
        WakeParkedWriter();
        lock (gate)
        {
            if (count > 0)
            {
                return new ValueTask<bool>(true);
            }

            if (poked)
            {
                poked = false;
                return new ValueTask<bool>(true);
            }

            if (closed)
            {
                return new ValueTask<bool>(false);
            }

            Waiter.Enlist(ref waitingReaders, waiter);
            return waiter.Begin();
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
            wake = Waiter.TakeAll(ref waitingReaders);
            poked = wake is null;
        }

        Waiter.SignalAll(wake, true);
    }

    /// <summary>Waits until there is room (true) or the belt is closed (false).</summary>
    public ValueTask<bool> WaitToWriteAsync(ReusableWaiter waiter)
    {
        lock (gate)
        {
            if (closed)
            {
                return new ValueTask<bool>(false);
            }

            if (count < ring.Length)
            {
                return new ValueTask<bool>(true);
            }

            Waiter.Enlist(ref waitingWriters, waiter);
            if (IsExit)
            {
                writerParkedAt = Stopwatch.GetTimestamp();
                keepWriterParked = null;
            }

            return waiter.Begin();
        }
    }

    /// <summary>Waits for materials on behalf of a caller outside the line, who may cancel.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) =>
        WaitOutside(readerSide: true, cancellationToken);

    /// <summary>Waits for room on behalf of a caller outside the line, who may cancel.</summary>
    public ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken) =>
        WaitOutside(readerSide: false, cancellationToken);

    /// <summary>Sets how many producers put materials on this belt (branches merging into one step).</summary>
    public void ExpectProducers(int count)
    {
        lock (gate)
        {
            producers = count;
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

    /// <summary>The error the belt was closed with, once it is closed.</summary>
    public Exception? Error
    {
        get
        {
            lock (gate)
            {
                return error;
            }
        }
    }

    private ValueTask<bool> WaitOutside(bool readerSide, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        // A reader finding the exit empty with a writer parked gets it going before it waits.
        if (readerSide)
        {
            WakeParkedWriter();
        }

        OneShotWaiter? oneShot = null;
        lock (gate)
        {
            if (readerSide ? count > 0 : count < ring.Length)
            {
                return new ValueTask<bool>(!closed || readerSide);
            }

            if (closed)
            {
                return readerSide && error is not null ? ValueTask.FromException<bool>(error) : new ValueTask<bool>(false);
            }

            // A caller who cannot cancel, waiting alone on its side, reuses the belt's waiter: a steady
            // Input or Output loop allocates nothing. Anyone else gets a waiter of their own.
            CallerWaiter<T>? reusable = cancellationToken.CanBeCanceled ? null : CallerWaiterFor(readerSide);
            if (reusable is not null)
            {
                Waiter.Enlist(ref readerSide ? ref waitingReaders : ref waitingWriters, reusable);
                return reusable.Begin();
            }

            oneShot = new OneShotWaiter();
            Waiter.Enlist(ref readerSide ? ref waitingReaders : ref waitingWriters, oneShot);
        }

        oneShot.CancelWith(cancellationToken);
        return new ValueTask<bool>(ReaderResult(oneShot.Task, readerSide));
    }

    /// <summary>The belt's reusable waiter for outside callers on one side, if no one else is using it.</summary>
    private CallerWaiter<T>? CallerWaiterFor(bool readerSide)
    {
        ref CallerWaiter<T>? slot = ref readerSide ? ref callerReader : ref callerWriter;
        slot ??= new CallerWaiter<T>(this, readerSide);
        return slot.TryClaim() ? slot : null;
    }

    /// <summary>A reader woken by closing sees the closing error, as a channel's reader would.</summary>
    private Task<bool> ReaderResult(Task<bool> waited, bool readerSide) =>
        !readerSide ? waited : waited.ContinueWith(
            static (task, state) =>
            {
                var belt = (Belt<T>)state!;
                bool result = task.GetAwaiter().GetResult();
                if (!result && belt.Error is { } closingError)
                {
                    throw closingError;
                }

                return result;
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private void SetDrained()
    {
        if (error is null)
        {
            drained.TrySetResult();
        }
        else if (error is OperationCanceledException cancelled)
        {
            drained.TrySetCanceled(cancelled.CancellationToken);
        }
        else
        {
            drained.TrySetException(error);
        }
    }
}
