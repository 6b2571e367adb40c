using System;
using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// Keeps input order for a station with several workers. A worker takes one material, or a run of
/// consecutive materials, under one ticket; it files the outputs under that ticket; one emitter puts
/// them on the next belt in ticket order. At most <c>window</c> units (materials, or a batch
/// station's batches) are out at once, so memory stays bounded while a slow material holds the line.
/// Waiting for room or for the next ticket reuses one waiter per worker and allocates nothing; a
/// stopped run wakes every waiter.
/// </summary>
[DebuggerDisplay("Outstanding = {outstanding}, Window = {window}, Next = {next}, Issued = {issued}")]
internal sealed class ReorderBuffer<T>
{
    private readonly Slot[] slots;
    private readonly int window;
    private readonly Lock gate = new();
    private readonly ReusableWaiter emitterWaiter = new();
    private long issued;
    private long next;
    private int outstanding;
    private bool emitterWaiting;
    private bool workersDone;
    private Waiter? roomWaiters;

    public ReorderBuffer(int window, CancellationToken stopping)
    {
        this.window = window;
        slots = new Slot[window];
        stopping.Register(static state => ((ReorderBuffer<T>)state!).WakeAll(), this);
    }

    /// <summary>Waits until a unit of room is free (true), or the run stopped (false).</summary>
    public ValueTask<bool> WaitForRoomAsync(ReusableWaiter waiter, CancellationToken stopping)
    {
        lock (gate)
        {
            AssertInvariants();
            if (stopping.IsCancellationRequested)
            {
                return new ValueTask<bool>(false);
            }

            if (outstanding < window)
            {
                return new ValueTask<bool>(true);
            }

            Waiter.Enlist(ref roomWaiters, waiter);
            return waiter.Begin();
        }
    }

    /// <summary>The next ticket for one unit, for a caller that takes materials itself (a batch collector, after <see cref="WaitForRoomAsync"/>).</summary>
    public long NextTicket()
    {
        lock (gate)
        {
            AssertInvariants();
            outstanding++;
            return issued++;
        }
    }

    /// <summary>
    /// Takes up to <c>into.Length</c> materials as one ticket, as many as there is room for, so
    /// tickets follow the input order. Returns how many (none when the input is empty or there is no room).
    /// </summary>
    public int TryTake<TIn>(Belt<TIn> input, Span<Material<TIn>> into, out long ticket)
    {
        lock (gate)
        {
            AssertInvariants();
            int room = window - outstanding;
            int taken = room <= 0 ? 0 : input.TryRead(into[..Math.Min(room, into.Length)]);
            ticket = taken == 0 ? 0 : issued++;
            outstanding += taken;
            return taken;
        }
    }

    /// <summary>Files a ticket that gave one output.</summary>
    public void FillOne(long ticket, int units, in Material<T> output) => Fill(ticket, new Slot(true, units, 1, output, null, false));

    /// <summary>Files a ticket that gave several outputs (a batch, or a split).</summary>
    public void FillMany(long ticket, int units, Material<T>[] outputs) => Fill(ticket, new Slot(true, units, outputs.Length, default, outputs, false));

    /// <summary>Files a ticket's outputs in an array rented from <see cref="ArrayPool{T}.Shared"/>: the emitter returns it.</summary>
    public void FillRented(long ticket, int units, Material<T>[] outputs, int count) => Fill(ticket, new Slot(true, units, count, default, outputs, true));

    /// <summary>Files a ticket that gave nothing (dead letters, or a filter).</summary>
    public void FillNone(long ticket, int units) => Fill(ticket, new Slot(true, units, 0, default, null, false));

    public void WorkersDone()
    {
        bool wake;
        lock (gate)
        {
            AssertInvariants();
            workersDone = true;
            wake = TakeEmitter();
        }

        if (wake)
        {
            emitterWaiter.Signal(true);
        }
    }

    public async Task EmitAsync(Outbox<T> outbox, WorkerCounts counts, CancellationToken cancellationToken)
    {
        while (true)
        {
            Slot ready;
            Waiter? room = null;
            ValueTask<bool> waiting = default;
            lock (gate)
            {
                AssertInvariants();
                // Checked under the lock: a stop either finds the emitter waiting and wakes it, or comes first.
                cancellationToken.ThrowIfCancellationRequested();
                ref Slot slot = ref slots[next % slots.Length];
                ready = slot;
                if (ready.Filled)
                {
                    slot = default;
                    next++;
                    outstanding -= ready.Units;
                    room = Waiter.TakeAll(ref roomWaiters);
                }
                else if (workersDone && next == issued)
                {
                    break;
                }
                else
                {
                    emitterWaiting = true;
                    waiting = emitterWaiter.Begin();
                }
            }

            if (!ready.Filled)
            {
                await outbox.FlushAsync().ConfigureAwait(false);
                await waiting.ConfigureAwait(false);
                continue;
            }

            Waiter.SignalAll(room, true);
            for (int i = 0; i < ready.Count; i++)
            {
                if (outbox.Add(ready.Many is null ? ready.One : ready.Many[i]))
                {
                    await outbox.FlushFullAsync().ConfigureAwait(false);
                }

                counts.Out++;
            }

            if (ready.Rented)
            {
                ArrayPool<Material<T>>.Shared.Return(ready.Many!, clearArray: true);
            }
        }

        await outbox.FlushAsync().ConfigureAwait(false);
    }

    private void Fill(long ticket, Slot filled)
    {
        bool wake;
        lock (gate)
        {
            AssertInvariants();
            slots[ticket % slots.Length] = filled;
            wake = ticket == next && TakeEmitter();
        }

        if (wake)
        {
            emitterWaiter.Signal(true);
        }
    }

    /// <summary>True when the emitter was waiting and is now to be woken (outside the lock).</summary>
    private bool TakeEmitter()
    {
        bool waiting = emitterWaiting;
        emitterWaiting = false;
        return waiting;
    }

    /// <summary>The run stopped: everyone waiting here looks again, sees the stop and ends.</summary>
    private void WakeAll()
    {
        Waiter? room;
        bool emitter;
        lock (gate)
        {
            AssertInvariants();
            room = Waiter.TakeAll(ref roomWaiters);
            emitter = TakeEmitter();
        }

        Waiter.SignalAll(room, false);
        if (emitter)
        {
            emitterWaiter.Signal(false);
        }
    }

    /// <summary>
    /// What holds between any two operations on the buffer, checked under its lock in debug builds, as
    /// System.Threading.Channels' bounded channel does: a broken count here holds a line up for good.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(gate.IsHeldByCurrentThread, "The buffer's lock is held.");
        Debug.Assert(outstanding >= 0 && outstanding <= window, "No more than the window is out.");
        Debug.Assert(next <= issued, "No ticket is emitted before it is issued.");
        Debug.Assert(issued - next <= outstanding, "Every ticket not yet emitted holds at least one unit.");
        Debug.Assert(roomWaiters is null || outstanding >= window, "Workers wait for room only while the window is full.");
        Debug.Assert(!emitterWaiting || !slots[next % slots.Length].Filled, "The emitter does not wait while the next ticket is filed.");
    }

    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Slot(bool Filled, int Units, int Count, Material<T> One, Material<T>[]? Many, bool Rented);
}
