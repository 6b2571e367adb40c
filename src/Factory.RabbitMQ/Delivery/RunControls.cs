using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.RabbitMQ;

/// <summary>
/// What the callers told this worker on the line's control exchange: which runs are paused (their
/// deliveries wait, unacknowledged, until they are resumed) and which ended (their deliveries are
/// dropped). A caller says its run's state when the run starts and again every 2 s, so a worker waits
/// (at most <see cref="LongestWait"/>) to have heard of a run before it works on the run's first material.
/// </summary>
/// <remarks>
/// All of it is kept per start of a run (<see cref="MessageHeaders.RunStart"/>): a run started again with its id
/// after a cancel is a new start, whose materials are worked on even when they reach the worker before the
/// start's first control message (they wait to hear of it), and whose materials a Cancel said late of the
/// start before does not drop. Nothing orders the control queue against the station queues, so neither can
/// be told apart by run id alone. A start this worker has heard nothing of for <see cref="ForgetAfter"/> (no control
/// message, no material) is forgotten, unless it is paused: a worker that runs for years keeps only the starts going on.
/// </remarks>
internal sealed class RunControls
{
    /// <summary>How long a worker waits to hear of a run it took a material of (twice the callers' reminder).</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How long a start that is not paused is remembered after its last control message or material. A caller says a
    /// live run's state every 2 s; a material of a start forgotten meanwhile waits to hear of it, as a first one does.
    /// </summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(10);

    /// <summary>How often what is not heard of any more is looked for, at most.</summary>
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly TimeProvider clock;
    private readonly ConcurrentDictionary<RunStart, long> lastHeard = new();
    private long nextSweep;

    private readonly ConcurrentDictionary<RunStart, TaskCompletionSource> paused = new();
    private readonly ConcurrentDictionary<RunStart, bool> ended = new();
    private readonly ConcurrentDictionary<RunStart, TaskCompletionSource> heard = new();

    public RunControls(TimeProvider? clock = null) => this.clock = clock ?? TimeProvider.System;

    /// <summary>Deliveries of ended runs this worker dropped.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    private long dropped;

    /// <summary>
    /// Said of a run cancelled before and started again with its id by a caller that marks no starts (an
    /// earlier Factory's): the worker joins that start afresh.
    /// </summary>
    public event Action<RunStart>? StartedAgain;

    /// <summary>Said of a start forgotten after <see cref="ForgetAfter"/> without a word or a material of it: what is kept for it may go.</summary>
    public event Action<RunStart>? Forgotten;

    /// <summary>The starts remembered now.</summary>
    internal int Remembered => lastHeard.Count;

    public void Apply(IDictionary<string, object?>? headers, string? command)
    {
        if (MessageHeaders.Text(headers, MessageHeaders.RunId) is { } runId)
        {
            Apply(new RunStart(runId, MessageHeaders.Text(headers, MessageHeaders.RunStart) ?? string.Empty), command);
        }
    }

    public void Apply(RunStart start, string? command)
    {
        HeardOf(start);
        switch (command)
        {
            case ControlMessages.Pause:
                paused.TryAdd(start, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                break;
            case ControlMessages.Resume:
                Unpause(start);
                break;
            case ControlMessages.Cancel:
                ended[start] = true;
                Unpause(start);
                break;
        }

        if (start.Unmarked && command is ControlMessages.Pause or ControlMessages.Resume)
        {
            // A caller that marks no starts says Cancel last, after its reminders stop: a state said after it is the
            // run's next start, whose materials are to be worked on again. Said after the pause is in place, so no
            // material slips through between the two. (A marked start's Cancel is final: its next start has a mark of its own.)
            if (ended.TryRemove(start, out _))
            {
                StartedAgain?.Invoke(start);
            }
        }

        Heard(start).TrySetResult();
    }

    private void Unpause(RunStart start)
    {
        if (paused.TryRemove(start, out TaskCompletionSource? gate))
        {
            gate.TrySetResult();
        }
    }

    /// <summary>Waits while the start of a run a material's <paramref name="headers"/> name is paused; true when it ended and the material is to be dropped.</summary>
    public ValueTask<bool> EndedAsync(IDictionary<string, object?>? headers, CancellationToken cancellationToken) =>
        EndedAsync(RunStart.Of(headers), cancellationToken);

    /// <summary>Waits while <paramref name="start"/> is paused; true when it ended and its delivery is to be dropped.</summary>
    public async ValueTask<bool> EndedAsync(RunStart start, CancellationToken cancellationToken)
    {
        HeardOf(start);
        Task first = Heard(start).Task;
        if (!first.IsCompleted)
        {
            // A caller that says nothing (it is gone) leaves its run's materials to be worked on after the wait.
            await first.WaitAsync(LongestWait, cancellationToken).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (paused.TryGetValue(start, out TaskCompletionSource? gate))
        {
            await gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (ended.ContainsKey(start))
        {
            Interlocked.Increment(ref dropped);
            return true;
        }

        return false;
    }

    /// <summary>Notes a word or a material of <paramref name="start"/>, and now and then forgets the starts long unheard of.</summary>
    private void HeardOf(RunStart start)
    {
        long now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        lastHeard[start] = now;
        long due = Volatile.Read(ref nextSweep);
        if (now >= due && Interlocked.CompareExchange(ref nextSweep, now + (long)SweepEvery.TotalMilliseconds, due) == due)
        {
            Forget(now - (long)ForgetAfter.TotalMilliseconds);
        }
    }

    /// <summary>Forgets every start last heard of before <paramref name="before"/>, but a paused one (its held deliveries wait on it).</summary>
    private void Forget(long before)
    {
        foreach ((RunStart start, long at) in lastHeard)
        {
            if (at < before && !paused.ContainsKey(start) && lastHeard.TryRemove(new KeyValuePair<RunStart, long>(start, at)))
            {
                heard.TryRemove(start, out _);
                ended.TryRemove(start, out _);
                Forgotten?.Invoke(start);
            }
        }
    }

    private TaskCompletionSource Heard(RunStart start) =>
        heard.GetOrAdd(start, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
