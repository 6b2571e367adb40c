using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A run whose stations are elsewhere, as its <see cref="LineTransport"/> sees it: who it is, and where
/// what comes back goes. Each input (a root) is open until every material it became has its fate: an
/// output, a dead letter, a discard, or a split into children (each then with a fate of its own), as
/// the ledger's root tracker counts in process. A material's first fate counts; a repeat (a redelivery
/// upstream, a split station run again) is counted and dropped, so outcomes are effectively once. The
/// run completes once every input sent is closed.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RemoteRun<TOut>
{
    private readonly RunState run;
    private readonly Belt<TOut> exit;
    private readonly Dictionary<long, int> open = [];
    private readonly HashSet<long> fated = [];
    private readonly TaskCompletionSource allSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long sent;
    private long closed;
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

    /// <summary>Outputs, dead letters, discards and splits that came back again for a material that already had its fate.</summary>
    public long Repeats { get; private set; }

    /// <summary>
    /// An output came back for the input <paramref name="material"/> descends from: it goes to the run's
    /// exit (waiting for room there: the caller's reading holds the transport back).
    /// </summary>
    public async ValueTask ArriveAsync(Material<TOut> material)
    {
        if (!Claim(material.Root, material.Id))
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

        Left(material.Root, 1);
    }

    /// <summary>A material failed at a station elsewhere (or no route took it): the run keeps the dead letter and tells its observers.</summary>
    public void DeadLettered(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        if (Claim(letter.Root, letter.MaterialId))
        {
            run.DeadLetter(letter);
            Left(letter.Root, 1);
        }
    }

    /// <summary>A route elsewhere discarded a material: the run keeps the record and tells its observers.</summary>
    public void Discarded(DiscardedMaterial material)
    {
        ArgumentNullException.ThrowIfNull(material);
        if (Claim(material.Root, material.MaterialId))
        {
            run.Discard(material);
            Left(material.Root, 1);
        }
    }

    /// <summary>
    /// Station <paramref name="station"/> elsewhere split <paramref name="parent"/> into <paramref name="children"/>
    /// materials: their root waits for each of them; the observers (the ledger) hear of it as in process.
    /// Said before any of the children can come back.
    /// </summary>
    public void Split(in MaterialInfo parent, string station, int children)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(children);
        if (Claim(parent.Root, parent.Id))
        {
            run.SplitDone(parent, StationAt(station), children);
            Left(parent.Root, 1 - children);
        }
    }

    /// <summary>The transport cannot go on: the run fails with <paramref name="exception"/>.</summary>
    public void Fail(Exception exception) => run.Fail(exception);

    internal Task AllSettled => allSettled.Task;

    internal void Sent(long root)
    {
        lock (open)
        {
            sent++;
            open[root] = 1;
        }
    }

    internal void InputEnded()
    {
        lock (open)
        {
            inputEnded = true;
            CheckDone();
        }
    }

    private StationDescriptor StationAt(string path)
    {
        foreach (StationDescriptor station in run.Line.Stations)
        {
            if (station.Path == path)
            {
                return station;
            }
        }

        throw new InvalidOperationException($"Run '{RunId}': a split came back from station '{path}', which line '{run.Line.Name}' does not have: every worker and caller must run the same version of the line.");
    }

    /// <summary>True for the first fate of material <paramref name="id"/> of an open root.</summary>
    private bool Claim(long root, long id)
    {
        lock (open)
        {
            if (open.ContainsKey(root) && fated.Add(id))
            {
                return true;
            }

            Repeats++;
            return false;
        }
    }

    // Counted once the fate is where it goes (on the exit, in the dead letters), not when it is claimed.
    private void Left(long root, int materials)
    {
        lock (open)
        {
            int outstanding = open[root] - materials;
            if (outstanding > 0)
            {
                open[root] = outstanding;
                return;
            }

            open.Remove(root);
            closed++;
            CheckDone();
        }
    }

    private void CheckDone()
    {
        if (inputEnded && closed >= sent)
        {
            allSettled.TrySetResult();
        }
    }
}
