using System;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Factory.Runtime;

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
