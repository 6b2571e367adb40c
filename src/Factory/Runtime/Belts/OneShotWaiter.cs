using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

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
