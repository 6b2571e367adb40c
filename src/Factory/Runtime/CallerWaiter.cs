using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Factory.Runtime;

/// <summary>
/// The waiter a belt lends to a caller outside the line (the public <c>Input</c> or <c>Output</c>)
/// who waits without a cancellation token: one per belt side, reused wait after wait, so feeding or
/// draining a line allocates nothing. It is claimed for one wait and free again once the caller has
/// its result; a second caller waiting at the same time gets a one-shot waiter instead.
/// </summary>
internal sealed class CallerWaiter<T>(Belt<T> belt, bool readerSide) : Waiter, IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> core = new() { RunContinuationsAsynchronously = true };
    private int claimed;

    /// <summary>True when the caller may use this waiter for its wait.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref claimed, 1) == 0;

    public ValueTask<bool> Begin()
    {
        core.Reset();
        return new ValueTask<bool>(this, core.Version);
    }

    public override void Signal(bool result) => core.SetResult(result);

    public bool GetResult(short token)
    {
        bool result;
        try
        {
            result = core.GetResult(token);
        }
        finally
        {
            Volatile.Write(ref claimed, 0);
        }

        // A reader woken by the belt closing with an error sees the error, as a channel's reader would.
        if (!result && readerSide && belt.Error is { } closingError)
        {
            throw closingError;
        }

        return result;
    }

    public ValueTaskSourceStatus GetStatus(short token) => core.GetStatus(token);

    public void OnCompleted(System.Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        core.OnCompleted(continuation, state, token, flags);
}
