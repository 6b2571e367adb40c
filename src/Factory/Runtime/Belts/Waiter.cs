namespace Factory.Runtime;

/// <summary>
/// Someone waiting on a <see cref="Belt{T}"/> (or a reorder buffer) for materials or for room.
/// Signalled once per wait, always outside the lock of what it waits on. A signalled waiter's
/// continuation never runs on the signalling thread; only the exit's reader may resume a parked
/// writer on its own thread on purpose (<see cref="ValueTaskWaiter.ResumeHere"/>). Waiters wait in
/// singly linked lists through <see cref="Next"/>.
/// </summary>
internal abstract class Waiter
{
    /// <summary>The next waiter in the list it waits in.</summary>
    public Waiter? Next { get; set; }

    /// <summary>Ends the wait: true to look again, false when the belt is closed and there is nothing more.</summary>
    public abstract void Signal(bool result);

    /// <summary>Adds <paramref name="waiter"/> to <paramref name="list"/> (under the owner's lock).</summary>
    public static void Enlist(ref Waiter? list, Waiter waiter)
    {
        waiter.Next = list;
        list = waiter;
    }

    /// <summary>Empties <paramref name="list"/> (under the owner's lock) and returns who was in it.</summary>
    public static Waiter? TakeAll(ref Waiter? list)
    {
        Waiter? all = list;
        list = null;
        return all;
    }

    /// <summary>Signals everyone taken by <see cref="TakeAll"/> (outside the owner's lock).</summary>
    public static void SignalAll(Waiter? waiter, bool result)
    {
        while (waiter is not null)
        {
            Waiter? next = waiter.Next;
            waiter.Next = null;
            waiter.Signal(result);
            waiter = next;
        }
    }
}
