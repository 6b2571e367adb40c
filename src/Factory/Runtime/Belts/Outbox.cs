using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A worker's outgoing materials, handed to the next belt together: when the outbox is full, and
/// whenever the worker is about to wait for anything (no input, an asynchronous station, a retry
/// delay, a pause), so a worker never holds back a material while it waits.
/// </summary>
internal sealed class Outbox<T> : IValueDownstream<T>
{
    public const int MaxBatch = 64;

    private static readonly long TicksPerMillisecond = Stopwatch.Frequency / 1000;

    private readonly Belt<T> belt;
    private readonly int share;
    private Material<T>[] items;
    private readonly ReusableWaiter waiter;
    private int count;
    private long lastFull;

    /// <summary>
    /// An outbox for one of <paramref name="workers"/> workers putting materials on <paramref name="belt"/>;
    /// it waits for room with <paramref name="waiter"/>, the worker's own if given (the worker is waiting for the flush then).
    /// </summary>
    public Outbox(Belt<T> belt, int workers = 1, ReusableWaiter? waiter = null)
    {
        this.belt = belt;
        this.waiter = waiter ?? new ReusableWaiter();
        share = Share(belt.Capacity, workers);

        // One of several workers starts with one slot, as a slow station hands each output on at once,
        // and gets its share once it fills outboxes quickly: 64 workers of an I/O-bound station never do.
        items = new Material<T>[workers == 1 ? share : 1];
    }

    /// <summary>One worker's share of a belt of <paramref name="capacity"/>, as a batch: at least one, at most <see cref="MaxBatch"/>.</summary>
    public static int Share(int capacity, int workers) => Math.Clamp(capacity / Math.Max(1, workers), 1, MaxBatch);

    /// <summary>Adds a material; true when the outbox is full and must be flushed before the next add.</summary>
    public bool Add(in Material<T> material)
    {
        Material<T>.Store(ref items[count++], material);
        return count == items.Length;
    }

    /// <summary>The room left, or -1 for an outbox smaller than a take (one slot, or a small belt): flushing it would not make room.</summary>
    public int RoomForValues => items.Length < MaxBatch ? -1 : items.Length - count;

    /// <summary>Makes materials of a take's last values again, with the identities the take kept.</summary>
    public bool AddValues(MappedTake take, Span<T> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            Material<T>.Store(ref items[count++], take.Material(i, values[i]));
        }

        return count == items.Length;
    }

    /// <summary>Moves everything onto the belt, waiting for room if it is full; the worker is about to wait.</summary>
    public ValueTask FlushAsync() => FlushAsync(more: false);

    /// <summary>
    /// Moves a full outbox onto the belt and carries on producing: a reader waiting on the belt is woken
    /// when it is half full, or by the flush before this worker waits for anything.
    /// </summary>
    public ValueTask FlushFullAsync()
    {
        // A worker that took over a millisecond to fill its outbox is slow: its reader should not
        // wait for a second outbox as well. One clock read per outbox, not per material.
        long now = Stopwatch.GetTimestamp();
        bool fast = now - lastFull < TicksPerMillisecond;
        lastFull = now;
        if (items.Length == share)
        {
            return FlushAsync(more: fast);
        }

        // Still one slot: its output goes on at once; a flush done at once left the outbox empty.
        ValueTask flushing = FlushAsync(more: false);
        if (fast && flushing.IsCompletedSuccessfully)
        {
            items = new Material<T>[share];
        }

        return flushing;
    }

    private ValueTask FlushAsync(bool more)
    {
        if (count == 0)
        {
            return default;
        }

        int written = belt.TryWrite(items.AsSpan(0, count), more);
        if (written == count)
        {
            Array.Clear(items, 0, count);
            count = 0;
            return default;
        }

        return FlushRestAsync(written, more);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushRestAsync(int written, bool more)
    {
        while (true)
        {
            if (written > 0)
            {
                Array.Copy(items, written, items, 0, count - written);
                Array.Clear(items, count - written, written);
                count -= written;
            }

            // Only a worker that fills outboxes quickly may be run by the exit's reader: it fills the
            // exit in moments and gives the reader's thread back; a slow one keeps its own thread.
            waiter.MayRunOnReader = more;
            if (!await belt.WaitToWriteAsync(waiter).ConfigureAwait(false))
            {
                throw new ChannelClosedException();
            }

            written = belt.TryWrite(items.AsSpan(0, count), more);
            if (written == count)
            {
                Array.Clear(items, 0, count);
                count = 0;
                return;
            }
        }
    }
}
