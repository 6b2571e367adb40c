using System.Threading;

namespace Factory.Runtime;

/// <summary>
/// The waiter a belt lends to a caller outside the line (the public <c>Input</c> or <c>Output</c>)
/// who waits without a cancellation token: one per belt side, reused wait after wait, so feeding or
/// draining a line allocates nothing. It is claimed for one wait and free again once the caller has
/// its result; a second caller waiting at the same time gets a one-shot waiter instead.
/// </summary>
internal sealed class CallerWaiter<T>(Belt<T> belt, bool readerSide) : ValueTaskWaiter
{
    private int claimed;

    /// <summary>True when the caller may use this waiter for its wait.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref claimed, 1) == 0;

    /// <summary>Frees the waiter, claimed for a wait that turned out not to be needed.</summary>
    public void Release() => Volatile.Write(ref claimed, 0);

    public override bool GetResult(short token)
    {
        bool result;
        try
        {
            result = base.GetResult(token);
        }
        finally
        {
            Release();
        }

        // A reader woken by the belt closing with an error sees the error, as a channel's reader would.
        if (!result && readerSide && belt.Error is { } closingError)
        {
            throw closingError;
        }

        return result;
    }
}
