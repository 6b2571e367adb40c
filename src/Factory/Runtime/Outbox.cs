using System;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A worker's outgoing materials, handed to the next belt together: when the outbox is full, and
/// whenever the worker is about to wait for anything (no input, an asynchronous station, a retry
/// delay, a pause), so batching never holds a material back.
/// </summary>
internal sealed class Outbox<T> : IDownstream<T>
{
    public const int MaxBatch = 64;

    private readonly Belt<T> belt;
    private readonly Material<T>[] items;
    private readonly ReusableWaiter waiter = new();
    private int count;

    public Outbox(Belt<T> belt)
    {
        this.belt = belt;
        items = new Material<T>[Math.Min(MaxBatch, belt.Capacity)];
    }

    /// <summary>Adds a material; true when the outbox is full and must be flushed before the next add.</summary>
    public bool Add(in Material<T> material)
    {
        items[count++] = material;
        return count == items.Length;
    }

    /// <summary>Moves everything onto the belt, waiting for room if it is full.</summary>
    public ValueTask FlushAsync()
    {
        if (count == 0)
        {
            return default;
        }

        int written = belt.TryWrite(items.AsSpan(0, count));
        if (written == count)
        {
            Array.Clear(items, 0, count);
            count = 0;
            return default;
        }

        return FlushRestAsync(written);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushRestAsync(int written)
    {
        while (true)
        {
            if (written > 0)
            {
                Array.Copy(items, written, items, 0, count - written);
                Array.Clear(items, count - written, written);
                count -= written;
            }

            if (!await belt.WaitToWriteAsync(waiter).ConfigureAwait(false))
            {
                throw new ChannelClosedException();
            }

            written = belt.TryWrite(items.AsSpan(0, count));
            if (written == count)
            {
                Array.Clear(items, 0, count);
                count = 0;
                return;
            }
        }
    }
}
