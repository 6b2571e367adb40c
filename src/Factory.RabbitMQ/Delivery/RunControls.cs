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
/// All of it is kept per start of a run (<see cref="MarkedStart"/>): a run started again with its id after a cancel
/// is a new start, whose materials are worked on even when they reach the worker before the start's first control
/// message (they wait to hear of it), and whose materials a Cancel said late of the start before does not drop.
/// Nothing orders the control queue against the station queues, so neither can be told apart by run id alone.
/// A start this worker has heard nothing of for <see cref="ForgetAfter"/> (no control message, no material) is
/// forgotten, unless it is paused, and an ended one after <see cref="EndedKeptFor"/>: a worker that runs for years
/// keeps only the starts going on, and what it needs to drop a cancelled start's leftovers.
/// </remarks>
internal sealed class RunControls
{
    /// <summary>How long a worker waits to hear of a run it took a material of (twice the callers' reminder).</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How long a start going on (neither paused nor ended) is remembered after its last control message or material.
    /// A caller says a live run's state every 2 s; a material of a start forgotten meanwhile waits to hear of it, as a first one does.
    /// </summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(10);

    /// <summary>How long an ended start is remembered after its last word or material: its leftovers in the queues are dropped meanwhile.</summary>
    public static readonly TimeSpan EndedKeptFor = TimeSpan.FromDays(1);

    /// <summary>How often what is not heard of any more is looked for, at most.</summary>
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly TimeProvider clock;

    // A word said of a start and the sweep take turns: a Cancel said while its start is swept is not swept away.
    private readonly Lock saying = new();
    private readonly ConcurrentDictionary<MarkedStart, long> lastHeard = new();
    private readonly ConcurrentDictionary<MarkedStart, TaskCompletionSource> paused = new();
    private readonly ConcurrentDictionary<MarkedStart, bool> ended = new();
    private readonly ConcurrentDictionary<MarkedStart, TaskCompletionSource> heard = new();
    private readonly ConcurrentDictionary<string, string> lastMark = new(StringComparer.Ordinal);
    private long nextSweep;
    private long dropped;

    public RunControls(TimeProvider? clock = null) => this.clock = clock ?? TimeProvider.System;

    /// <summary>Deliveries of ended runs this worker dropped.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>
    /// Said of a run cancelled before and started again with its id by a caller that marks no starts (an
    /// earlier Factory's): the worker joins that start afresh.
    /// </summary>
    public event Action<MarkedStart>? StartedAgain;

    /// <summary>Said of a start forgotten after long without a word or a material of it: what is kept for it may go.</summary>
    public event Action<MarkedStart>? Forgotten;

    /// <summary>The starts remembered now.</summary>
    internal int Remembered => lastHeard.Count;

    /// <summary>
    /// The start a message's <paramref name="headers"/> belong to. A material without a mark, made by a worker of an earlier
    /// Factory from one with, belongs to the run's start its caller last spoke of.
    /// </summary>
    /// <exception cref="FormatException">It names no run.</exception>
    public MarkedStart StartOf(IDictionary<string, object?>? headers)
    {
        string runId = MessageHeaders.RequiredText(headers, MessageHeaders.RunId);
        string mark = MessageHeaders.Text(headers, MessageHeaders.RunStart) ?? (lastMark.TryGetValue(runId, out string? last) ? last : string.Empty);
        return new MarkedStart(runId, mark);
    }

    public void Apply(IDictionary<string, object?>? headers, string? command)
    {
        if (MessageHeaders.Text(headers, MessageHeaders.RunId) is { } runId)
        {
            Apply(new MarkedStart(runId, MessageHeaders.Text(headers, MessageHeaders.RunStart) ?? string.Empty), command);
        }
    }

    public void Apply(MarkedStart start, string? command)
    {
        lock (saying)
        {
            Say(start, command);
        }

        SweepIfDue();
    }

    private void Say(MarkedStart start, string? command)
    {
        lastHeard[start] = Now;
        if (!start.Unmarked && command is not ControlMessages.Cancel)
        {
            // The start its caller speaks of now (a Cancel said late of an earlier start is not that).
            lastMark[start.RunId] = start.Mark;
        }

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

    private void Unpause(MarkedStart start)
    {
        if (paused.TryRemove(start, out TaskCompletionSource? gate))
        {
            gate.TrySetResult();
        }
    }

    /// <summary>Notes a material (or a join) of <paramref name="start"/>: a start in use is not forgotten.</summary>
    public void Seen(MarkedStart start)
    {
        lastHeard[start] = Now;
        SweepIfDue();
    }

    /// <summary>Waits while the start of a run a material's <paramref name="headers"/> name is paused; true when it ended and the material is to be dropped.</summary>
    public ValueTask<bool> EndedAsync(IDictionary<string, object?>? headers, CancellationToken cancellationToken) =>
        EndedAsync(StartOf(headers), cancellationToken);

    /// <summary>Waits while <paramref name="start"/> is paused; true when it ended and its delivery is to be dropped.</summary>
    public async ValueTask<bool> EndedAsync(MarkedStart start, CancellationToken cancellationToken)
    {
        Seen(start);
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

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private void SweepIfDue()
    {
        long now = Now;
        long due = Volatile.Read(ref nextSweep);
        if (now >= due && Interlocked.CompareExchange(ref nextSweep, now + (long)SweepEvery.TotalMilliseconds, due) == due)
        {
            lock (saying)
            {
                Forget(now);
            }
        }
    }

    /// <summary>
    /// Forgets every start last heard of <see cref="ForgetAfter"/> before <paramref name="now"/> (an ended one, <see cref="EndedKeptFor"/>),
    /// but a paused one: its held deliveries wait on it.
    /// </summary>
    private void Forget(long now)
    {
        foreach ((MarkedStart start, long at) in lastHeard)
        {
            TimeSpan kept = ended.ContainsKey(start) ? EndedKeptFor : ForgetAfter;
            if (at < now - (long)kept.TotalMilliseconds && !paused.ContainsKey(start) && lastHeard.TryRemove(new KeyValuePair<MarkedStart, long>(start, at)))
            {
                heard.TryRemove(start, out _);
                ended.TryRemove(start, out _);
                lastMark.TryRemove(new KeyValuePair<string, string>(start.RunId, start.Mark));
                Forgotten?.Invoke(start);
            }
        }
    }

    private TaskCompletionSource Heard(MarkedStart start) =>
        heard.GetOrAdd(start, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
