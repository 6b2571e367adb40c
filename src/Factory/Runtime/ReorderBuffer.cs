using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// Keeps input order for a station with several workers. Each material gets a ticket as it is
/// taken; workers file their outputs under the ticket; one emitter puts them on the next belt in
/// ticket order. At most <c>window</c> tickets are out at once, so memory stays bounded while a
/// slow material holds the line.
/// </summary>
internal sealed class ReorderBuffer<T>
{
    private readonly Slot[] slots;
    private readonly SemaphoreSlim room;
    private readonly SemaphoreSlim nextIsReady = new(0);
    private readonly Lock gate = new();
    private long issued;
    private long next;
    private bool emitterWaiting;
    private bool workersDone;

    public ReorderBuffer(int window)
    {
        slots = new Slot[window];
        room = new SemaphoreSlim(window, window);
    }

    public Task WaitForRoomAsync(CancellationToken cancellationToken) => room.WaitAsync(cancellationToken);

    public void ReturnRoom() => room.Release();

    /// <summary>The next ticket, for a caller that takes materials itself (a batch collector).</summary>
    public long NextTicket()
    {
        lock (gate)
        {
            return issued++;
        }
    }

    /// <summary>Takes one material and its ticket together, so tickets follow the input order.</summary>
    public bool TryTake<TIn>(Belt<TIn> input, out Material<TIn> material, out long ticket)
    {
        material = default;
        lock (gate)
        {
            if (input.TryRead(new Span<Material<TIn>>(ref material)) == 0)
            {
                ticket = 0;
                return false;
            }

            ticket = issued++;
            return true;
        }
    }

    /// <summary>Files a ticket that gave one output.</summary>
    public void FillOne(long ticket, in Material<T> output) => Fill(ticket, new Slot(true, 1, output, null));

    /// <summary>Files a ticket that gave several outputs (a split).</summary>
    public void FillMany(long ticket, Material<T>[] outputs) => Fill(ticket, new Slot(true, outputs.Length, default, outputs));

    /// <summary>Files a ticket that gave nothing (a dead letter, or a filter).</summary>
    public void FillNone(long ticket) => Fill(ticket, new Slot(true, 0, default, null));

    public void WorkersDone()
    {
        lock (gate)
        {
            workersDone = true;
            WakeEmitter();
        }
    }

    public async Task EmitAsync(Outbox<T> outbox, WorkerCounts counts, CancellationToken cancellationToken)
    {
        while (true)
        {
            Slot ready;
            lock (gate)
            {
                ref Slot slot = ref slots[next % slots.Length];
                ready = slot;
                if (ready.Filled)
                {
                    slot = default;
                    next++;
                }
                else if (workersDone && next == issued)
                {
                    break;
                }
                else
                {
                    emitterWaiting = true;
                }
            }

            if (!ready.Filled)
            {
                await outbox.FlushAsync().ConfigureAwait(false);
                await nextIsReady.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            room.Release();
            for (int i = 0; i < ready.Count; i++)
            {
                if (outbox.Add(ready.Many is null ? ready.One : ready.Many[i]))
                {
                    await outbox.FlushFullAsync().ConfigureAwait(false);
                }

                counts.Out++;
            }
        }

        await outbox.FlushAsync().ConfigureAwait(false);
    }

    private void Fill(long ticket, Slot filled)
    {
        lock (gate)
        {
            slots[ticket % slots.Length] = filled;
            if (ticket == next)
            {
                WakeEmitter();
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

    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Slot(bool Filled, int Count, Material<T> One, Material<T>[]? Many);
}
