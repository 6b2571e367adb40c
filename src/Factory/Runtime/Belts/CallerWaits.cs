using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// How callers outside the line (the public <c>Input</c> and <c>Output</c>, or a batch collector
/// waiting with a timer) wait on one side of a belt, with a cancellation token. A caller who cannot
/// cancel, waiting alone on its side, reuses the side's <see cref="CallerWaiter{T}"/>, so a steady
/// Input or Output loop allocates nothing; anyone else gets a <see cref="OneShotWaiter"/>, once it has
/// to wait. A reader woken by the belt closing with an error sees the error, as a channel's reader would.
/// </summary>
internal sealed class CallerWaits<T>(Belt<T> belt, bool readerSide)
{
    private CallerWaiter<T>? reusable;

    private CallerWaiter<T> Reusable =>
        reusable ?? Interlocked.CompareExchange(ref reusable, new CallerWaiter<T>(belt, readerSide), null) ?? reusable;

    /// <summary>Waits until there are materials (reader side) or room (true), or the belt is closed (false).</summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        ValueTask<bool> answer;
        CallerWaiter<T>? waiter = cancellationToken.CanBeCanceled ? null : Reusable;
        if (waiter is not null && waiter.TryClaim())
        {
            ValueTask<bool> waiting = waiter.Begin();
            if (belt.TryEnlist(waiter, readerSide, outside: true, out answer))
            {
                return waiting;
            }

            waiter.Release();
            return answer;
        }

        // Asked first, so that a caller who need not wait allocates nothing.
        if (!belt.TryEnlist(null, readerSide, outside: true, out answer))
        {
            return answer;
        }

        var oneShot = new OneShotWaiter();
        if (!belt.TryEnlist(oneShot, readerSide, outside: true, out answer))
        {
            return answer;
        }

        oneShot.CancelWith(cancellationToken);
        return new ValueTask<bool>(readerSide ? ReaderResult(oneShot.Task) : oneShot.Task);
    }

    private Task<bool> ReaderResult(Task<bool> waited) =>
        waited.ContinueWith(
            static (task, state) =>
            {
                bool result = task.GetAwaiter().GetResult();
                if (!result && ((Belt<T>)state!).Error is { } closingError)
                {
                    throw closingError;
                }

                return result;
            },
            belt,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}
