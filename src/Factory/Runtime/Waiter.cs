using System;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

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

/// <summary>A waiter reused wait after wait through a <see cref="ManualResetValueTaskSourceCore{TResult}"/>: waiting allocates nothing.</summary>
internal abstract class ValueTaskWaiter : Waiter, IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> core = new() { RunContinuationsAsynchronously = true };

    public ValueTask<bool> Begin()
    {
        core.Reset();
        return new ValueTask<bool>(this, core.Version);
    }

    public override void Signal(bool result)
    {
        core.RunContinuationsAsynchronously = true;
        core.SetResult(result);
    }

    /// <summary>
    /// Ends the wait by running the waiter's continuation on this thread, before this call returns.
    /// Only whoever took the waiter off its list may call it, as with <see cref="Signal"/>.
    /// </summary>
    public void ResumeHere(bool result)
    {
        core.RunContinuationsAsynchronously = false;
        core.SetResult(result);
    }

    public virtual bool GetResult(short token) => core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        core.OnCompleted(continuation, state, token, flags);
}

/// <summary>
/// A worker's own waiter, reused for every wait. A worker waits on one belt (or reorder buffer) at a
/// time, so one instance per worker is enough.
/// </summary>
internal sealed class ReusableWaiter : ValueTaskWaiter
{
    /// <summary>
    /// Set by a quick worker waiting for room on the line's exit: the reader that empties the exit may
    /// run the worker on its own thread (<see cref="ValueTaskWaiter.ResumeHere"/>) instead of waking it.
    /// </summary>
    public bool MayRunOnReader { get; set; }
}

/// <summary>A waiter for callers outside the line (the public Input and Output), with cancellation.</summary>
internal sealed class OneShotWaiter : Waiter
{
    private readonly TaskCompletionSource<bool> done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<bool> Task => done.Task;

    public override void Signal(bool result) => done.TrySetResult(result);

    /// <summary>Ends the wait as cancelled when <paramref name="cancellationToken"/> is.</summary>
    public void CancelWith(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return;
        }

        CancellationTokenRegistration registration = cancellationToken.Register(
            static (state, token) => ((OneShotWaiter)state!).done.TrySetCanceled(token), this);
        _ = done.Task.ContinueWith(
            static (_, state) => ((CancellationTokenRegistration)state!).Dispose(),
            registration,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
