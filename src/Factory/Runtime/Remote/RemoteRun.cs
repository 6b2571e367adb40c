using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A run whose stations are elsewhere, as its <see cref="LineTransport"/> sees it: who it is, and where
/// what comes back goes. Each input has one outcome: the first output or dead letter that comes back
/// for it; a repeat (a redelivery upstream) is counted and dropped, so outcomes are effectively once.
/// The run completes once every input sent has its outcome.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RemoteRun<TOut>
{
    private readonly RunState run;
    private readonly Belt<TOut> exit;
    private readonly HashSet<long> settled = [];
    private readonly TaskCompletionSource allSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long sent;
    private long done;
    private bool inputEnded;

    internal RemoteRun(RunState run, Belt<TOut> exit, LinePlan plan)
    {
        this.run = run;
        this.exit = exit;
        Plan = plan;
    }

    /// <summary>The line's stations, with their calls.</summary>
    public LinePlan Plan { get; }

    /// <summary>The run's id.</summary>
    public string RunId => run.RunId;

    /// <summary>The job order (its secrets stay in this process: a transport never sends them).</summary>
    public JobOrder Job => run.Job;

    /// <summary>Cancelled when the run stops.</summary>
    public CancellationToken Token => run.Token;

    /// <summary>Outputs and dead letters that came back again for an input that already had its outcome.</summary>
    public long Repeats { get; private set; }

    /// <summary>
    /// An output came back for the input <paramref name="material"/> descends from: it goes to the run's
    /// exit (waiting for room there: the caller's reading holds the transport back).
    /// </summary>
    public async ValueTask ArriveAsync(Material<TOut> material)
    {
        if (!Settle(material.Root))
        {
            return;
        }

        while (!exit.TryWrite(in material))
        {
            if (!await exit.WaitToWriteAsync(run.Token).ConfigureAwait(false))
            {
                return;
            }
        }

        Settled();
    }

    /// <summary>A material failed at a station elsewhere: the run keeps the dead letter and tells its observers.</summary>
    public void DeadLettered(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        if (Settle(letter.Root))
        {
            run.DeadLetter(letter);
            Settled();
        }
    }

    /// <summary>The transport cannot go on: the run fails with <paramref name="exception"/>.</summary>
    public void Fail(Exception exception) => run.Fail(exception);

    internal Task AllSettled => allSettled.Task;

    internal void Sent()
    {
        lock (settled)
        {
            sent++;
        }
    }

    internal void InputEnded()
    {
        lock (settled)
        {
            inputEnded = true;
            CheckDone();
        }
    }

    private bool Settle(long root)
    {
        lock (settled)
        {
            if (settled.Add(root))
            {
                return true;
            }

            Repeats++;
            return false;
        }
    }

    // Counted once the outcome is where it goes (on the exit, or in the dead letters), not when it is claimed.
    private void Settled()
    {
        lock (settled)
        {
            done++;
            CheckDone();
        }
    }

    private void CheckDone()
    {
        if (inputEnded && done >= sent)
        {
            allSettled.TrySetResult();
        }
    }
}
