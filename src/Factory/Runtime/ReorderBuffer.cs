using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// Keeps input order for a station with several workers. Each material gets a ticket as it is
/// taken; workers file their outputs under the ticket; one emitter writes them out in ticket order.
/// At most <c>window</c> tickets are out at once, so memory stays bounded while a slow material
/// holds the line.
/// </summary>
internal sealed class ReorderBuffer<T>
{
    private readonly Material<T>[]?[] slots;
    private readonly SemaphoreSlim room;
    private readonly SemaphoreSlim nextIsReady = new(0);
    private readonly Lock gate = new();
    private long issued;
    private long next;
    private bool emitterWaiting;
    private bool workersDone;

    public ReorderBuffer(int window)
    {
        slots = new Material<T>[]?[window];
        room = new SemaphoreSlim(window, window);
    }

    public Task WaitForRoomAsync(CancellationToken cancellationToken) => room.WaitAsync(cancellationToken);

    public void ReturnRoom() => room.Release();

    /// <summary>Takes a material and its ticket together, so tickets follow the input order.</summary>
    public bool TryTake<TIn>(ChannelReader<Material<TIn>> input, out Material<TIn> material, out long ticket)
    {
        lock (gate)
        {
            if (!input.TryRead(out material))
            {
                ticket = 0;
                return false;
            }

            ticket = issued++;
            return true;
        }
    }

    /// <summary>Files a ticket's outputs (empty for a dead letter or a filtered material).</summary>
    public void Fill(long ticket, Material<T>[] outputs)
    {
        lock (gate)
        {
            slots[ticket % slots.Length] = outputs;
            if (ticket == next)
            {
                WakeEmitter();
            }
        }
    }

    public void WorkersDone()
    {
        lock (gate)
        {
            workersDone = true;
            WakeEmitter();
        }
    }

    public async Task EmitAsync(ChannelWriter<Material<T>> output, WorkerCounts counts, CancellationToken cancellationToken)
    {
        while (true)
        {
            Material<T>[]? ready;
            lock (gate)
            {
                long slot = next % slots.Length;
                ready = slots[slot];
                if (ready is not null)
                {
                    slots[slot] = null;
                    next++;
                }
                else if (workersDone && next == issued)
                {
                    return;
                }
                else
                {
                    emitterWaiting = true;
                }
            }

            if (ready is null)
            {
                await nextIsReady.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            room.Release();
            foreach (Material<T> material in ready)
            {
                while (!output.TryWrite(material))
                {
                    if (!await output.WaitToWriteAsync().ConfigureAwait(false))
                    {
                        throw new ChannelClosedException();
                    }
                }

                counts.Out++;
            }
        }
    }

    private void WakeEmitter()
    {
        if (emitterWaiting)
        {
            emitterWaiting = false;
            nextIsReady.Release();
        }
    }
}
