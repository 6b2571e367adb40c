using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.RabbitMQ;

/// <summary>
/// What the callers told this worker on the line's control exchange: which runs are paused (their
/// deliveries wait, unacknowledged, until they are resumed) and which ended (their deliveries are
/// dropped). A worker that joins later hears only what is said after it joined.
/// </summary>
internal sealed class RunControls
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> paused = new();
    private readonly ConcurrentDictionary<string, bool> ended = new();

    /// <summary>Deliveries of ended runs this worker dropped.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    private long dropped;

    public void Apply(string runId, string? command)
    {
        switch (command)
        {
            case ControlMessages.Pause:
                paused.TryAdd(runId, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                break;
            case ControlMessages.Resume:
                if (paused.TryRemove(runId, out TaskCompletionSource? gate))
                {
                    gate.TrySetResult();
                }

                break;
            case ControlMessages.Cancel:
                ended[runId] = true;
                Apply(runId, ControlMessages.Resume);
                break;
        }
    }

    /// <summary>Waits while run <paramref name="runId"/> is paused; true when it ended and its delivery is to be dropped.</summary>
    public async ValueTask<bool> EndedAsync(string runId, CancellationToken cancellationToken)
    {
        if (paused.TryGetValue(runId, out TaskCompletionSource? gate))
        {
            await gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (ended.ContainsKey(runId))
        {
            Interlocked.Increment(ref dropped);
            return true;
        }

        return false;
    }
}
