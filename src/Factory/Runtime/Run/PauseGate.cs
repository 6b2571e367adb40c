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

    /// <summary>Told when the run is paused (true) or resumed (false): a transport tells its workers elsewhere.</summary>
    public System.Action<bool>? Changed { get; set; }

    public void Pause()
    {
        if (Interlocked.CompareExchange(ref paused, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null) is null)
        {
            Changed?.Invoke(true);
        }
    }

    public void Resume()
    {
        if (Interlocked.Exchange(ref paused, null) is { } gate)
        {
            gate.TrySetResult();
            Changed?.Invoke(false);
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref paused) is { } gate ? gate.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
}
