using System;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Factory.Runtime;

/// <summary>
/// A waiter reused wait after wait through a <see cref="ManualResetValueTaskSourceCore{TResult}"/>:
/// waiting allocates nothing, and neither does waking an awaiter that flows no context (every await
/// in the runtime). A signalled wait's continuation goes to the thread pool as this waiter itself (an
/// <see cref="IThreadPoolWorkItem"/>): left to the core, it would be queued with a work item allocated
/// per wake-up, about 30 bytes a material for a line whose consumer waits for every output.
/// </summary>
internal abstract class ValueTaskWaiter : Waiter, IValueTaskSource<bool>, IThreadPoolWorkItem
{
    private static readonly Action<object?> Continue = static waiter => ((ValueTaskWaiter)waiter!).Continued();

    // The core runs Continue where it is completed; Continued decides where the waiter's continuation runs.
    private ManualResetValueTaskSourceCore<bool> core;
    private Action<object?>? continuation;
    private object? continuationState;
    private Resumption resumption;
    private bool resumeHere;

    /// <summary>Where a signalled wait's continuation runs, as decided when it was registered.</summary>
    private enum Resumption
    {
        /// <summary>On the thread pool, queued as this waiter (no context to flow or schedule on).</summary>
        Queued,

        /// <summary>On the thread pool, flowing the execution context the core restored around <see cref="Continue"/>.</summary>
        QueuedInContext,

        /// <summary>Where the core ran <see cref="Continue"/>: it posted it to the awaiter's synchronization context or scheduler.</summary>
        Scheduled,
    }

    public ValueTask<bool> Begin()
    {
        core.Reset();
        return new ValueTask<bool>(this, core.Version);
    }

    public override void Signal(bool result)
    {
        resumeHere = false;
        core.SetResult(result);
    }

    /// <summary>
    /// Ends the wait by running the waiter's continuation on this thread, before this call returns.
    /// Only whoever took the waiter off its list may call it, as with <see cref="Signal"/>.
    /// </summary>
    public void ResumeHere(bool result)
    {
        resumeHere = true;
        core.SetResult(result);
    }

    public virtual bool GetResult(short token) => core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        this.continuation = continuation;
        continuationState = state;
        resumption = flags switch
        {
            _ when (flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0 && HasSchedulingContext() => Resumption.Scheduled,
            _ when (flags & ValueTaskSourceOnCompletedFlags.FlowExecutionContext) != 0 => Resumption.QueuedInContext,
            _ => Resumption.Queued,
        };
        core.OnCompleted(Continue, this, token, flags);
    }

    void IThreadPoolWorkItem.Execute() => RunContinuation();

    /// <summary>True when the core will post <see cref="Continue"/> to a context of the awaiter's, as it does for a non-default one.</summary>
    private static bool HasSchedulingContext() =>
        SynchronizationContext.Current is { } context && context.GetType() != typeof(SynchronizationContext)
        || TaskScheduler.Current != TaskScheduler.Default;

    /// <summary>
    /// Run by the core once the wait ended: the continuation runs here when the signaller asked for it
    /// (<see cref="ResumeHere"/>) or the core already posted this to the awaiter's context; otherwise it
    /// goes to the thread pool, never on the signalling thread.
    /// </summary>
    private void Continued()
    {
        if (resumeHere || resumption == Resumption.Scheduled)
        {
            RunContinuation();
        }
        else if (resumption == Resumption.Queued)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        else
        {
            ThreadPool.QueueUserWorkItem(static waiter => waiter.RunContinuation(), this, preferLocal: false);
        }
    }

    private void RunContinuation()
    {
        Action<object?> next = continuation!;
        object? state = continuationState;
        (continuation, continuationState) = (null, null);
        next(state);
    }
}
