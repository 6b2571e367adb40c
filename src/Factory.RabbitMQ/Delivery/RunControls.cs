using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.RabbitMQ;

/// <summary>
/// What the callers told this worker on the line's control exchange: which runs are paused (their
/// deliveries wait, unacknowledged, until they are resumed) and which ended (their deliveries are
/// dropped). A caller says its run's state when the run starts and again every 2 s, so a worker waits
/// (at most <see cref="LongestWait"/>) to have heard of a run before it works on the run's first material.
/// </summary>
internal sealed class RunControls
{
    /// <summary>How long a worker waits to hear of a run it took a material of (twice the callers' reminder).</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(4);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> paused = new();
    private readonly ConcurrentDictionary<string, bool> ended = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> heard = new();

    /// <summary>Deliveries of ended runs this worker dropped.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    private long dropped;

    /// <summary>Said of a run cancelled before and started again with its id: the worker joins that start afresh.</summary>
    public event Action<string>? StartedAgain;

    public void Apply(string runId, string? command)
    {
        switch (command)
        {
            case ControlMessages.Pause:
                paused.TryAdd(runId, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                break;
            case ControlMessages.Resume:
                Unpause(runId);
                break;
            case ControlMessages.Cancel:
                ended[runId] = true;
                Unpause(runId);
                break;
        }

        if (command is ControlMessages.Pause or ControlMessages.Resume)
        {
            // A caller says Cancel last, after its reminders stop: a state said after it is the run's next
            // start (a run started again with the same id), whose materials are to be worked on again. Said
            // after the pause is in place, so no material slips through between the two.
            if (ended.TryRemove(runId, out _))
            {
                StartedAgain?.Invoke(runId);
            }
        }

        Heard(runId).TrySetResult();
    }

    private void Unpause(string runId)
    {
        if (paused.TryRemove(runId, out TaskCompletionSource? gate))
        {
            gate.TrySetResult();
        }
    }

    /// <summary>Waits while run <paramref name="runId"/> is paused; true when it ended and its delivery is to be dropped.</summary>
    public async ValueTask<bool> EndedAsync(string runId, CancellationToken cancellationToken)
    {
        Task first = Heard(runId).Task;
        if (!first.IsCompleted)
        {
            // A caller that says nothing (it is gone) leaves its run's materials to be worked on after the wait.
            await first.WaitAsync(LongestWait, cancellationToken).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

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

    private TaskCompletionSource Heard(string runId) =>
        heard.GetOrAdd(runId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
