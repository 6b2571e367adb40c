using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// Lets an operator hold a run: workers check <see cref="IsPaused"/> (one volatile read) before each
/// material and wait here while it is set. Materials already being processed finish.
/// </summary>
internal sealed class PauseGate
{
    private TaskCompletionSource? paused;

    public bool IsPaused => Volatile.Read(ref paused) is not null;

    public void Pause() =>
        Interlocked.CompareExchange(ref paused, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);

    public void Resume() => Interlocked.Exchange(ref paused, null)?.TrySetResult();

    public Task WaitAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref paused) is { } gate ? gate.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
}
