using System;
using System.Collections.Generic;
using System.Linq;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A run whose stations are elsewhere, as its <see cref="LineTransport"/> sees it: who it is, and where
/// what comes back goes. Each input (a root) is open until every material it became has its fate: an
/// output, a dead letter, a discard, or a split into children (each then with a fate of its own), as
/// the ledger's root tracker counts in process. A material's first fate counts; a repeat (a redelivery
/// upstream, a split station run again) is counted and dropped, so outcomes are effectively once. When
/// every station of the line keeps input order (<see cref="StationOptions.Ordered"/>, the default), the
/// outputs leave in input order (<see cref="ExitOrder{TOut}"/>), as in process. The run completes once
/// every input sent is closed and its outputs are on the exit.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RemoteRun<TOut> : IGatedRun
{
    private readonly RunState run;
    private readonly Belt<TOut> exit;
    private readonly Dictionary<long, int> open = [];
    private readonly HashSet<long> fated = [];
    private readonly TaskCompletionSource allSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ExitOrder<TOut>? order;
    private readonly Queue<ExitOrder<TOut>.Release> ready = new();
    private readonly RemoteGathers gathers;
    private readonly HashSet<(long Parent, string Station)> splits = [];
    private readonly HashSet<(long Material, string Gate)> gated = [];

    // Roots an earlier start left waiting at gates: open again without taking room at the entry, so they give none back.
    private readonly HashSet<long> restored = [];
    private readonly SemaphoreSlim room;
    private Task drained = Task.CompletedTask;
    private bool draining;
    private long sent;
    private long closed;

    // Materials out (sent, not yet with their fate) over all open roots, and how many of them wait at gates.
    private long outstanding;
    private long parked;
    private bool inputEnded;

    internal RemoteRun(RunState run, Belt<TOut> exit, LinePlan plan, int maxOpenInputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOpenInputs, 1);
        this.run = run;
        this.exit = exit;
        Plan = plan;
        gathers = new RemoteGathers(plan, run.RunId);
        room = new SemaphoreSlim(maxOpenInputs, maxOpenInputs);
        Gates = plan.Gates.Count > 0 ? new RemoteGates(run, this, plan) : null;

        // A gate sends materials on in the order they are decided, as in process: a line with one keeps no input order.
        order = Gates is null && run.Line.Stations.All(station => station.Options.Ordered) ? new ExitOrder<TOut>() : null;

        // Refused here, at the run's start, when the sampling has what cannot travel (a predicate, an inspector, an andon).
        SamplingTerms = run.Sampling is { } sampling ? Runtime.SamplingTerms.Write(sampling) : null;
    }

    /// <summary>The run's quality sampling as text (<see cref="Runtime.SamplingTerms"/>), for the workers; null when the run has none.</summary>
    public string? SamplingTerms { get; }

    /// <summary>The run's gates, for the transport to run (<see cref="RemoteGates.RunAsync"/>); null when the line has none.</summary>
    public RemoteGates? Gates { get; }

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

        if (order is not null)
        {
            lock (open)
            {
                order.Hold(material);
                Left(material.Root, 1);
            }

            // Waiting for what may leave now to be on the exit holds the transport back while the caller reads slowly.
            await Drain().ConfigureAwait(false);
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
            Missed(letter.ParentId, letter.MaterialId);
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
            Missed(material.ParentId, material.MaterialId);
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
        lock (open)
        {
            // By station too: a gathered group keeps its parent's id, and may be split again further on.
            if (!splits.Add((parent.Id, station)))
            {
                Repeats++;
                return;
            }
        }

        if (!Claim(parent.Root, parent.Id))
        {
            return;
        }

        run.SplitDone(parent, StationAt(station), children);
        lock (open)
        {
            order?.Split(parent.Id, children);

            // With a gather after it, the parent becomes its children and, once they are in, the group: it holds the root open until then.
            Left(parent.Root, gathers.Open(station, parent, children) ? -children : 1 - children);
        }
    }

    /// <summary>A child reached gather <paramref name="gather"/> (its body as JSON): it waits in its parent's group.</summary>
    public void GatherPart(int gather, in MaterialInfo child, ReadOnlyMemory<byte> body)
    {
        if (!Claim(child.Root, child.Id))
        {
            return;
        }

        lock (open)
        {
            gathers.Add(gather, child, body);
            Left(child.Root, 1);
        }
    }

    /// <summary>
    /// A worker parked <paramref name="material"/> at gate <paramref name="gate"/> in the run's gate store: its
    /// root stays open until the decision sends it on (<see cref="Gates"/>). A notice that comes again (its
    /// worker died before acknowledging the delivery) is a repeat, even after the material went on. The notice
    /// carries the material whole as it entered the gate (<paramref name="body"/>, its JSON): the store keeps it
    /// without its [Sensitive] members, so this is what a decision sends on, as in process.
    /// </summary>
    public void Parked(in MaterialInfo material, string gate, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(gate);
        RemoteGates gates = Gates ?? throw new InvalidOperationException($"Run '{RunId}': material {material.Id} parked at gate '{gate}', but line '{run.Line.Name}' has no gate: every worker and caller must run the same version of the line.");
        lock (open)
        {
            if (!gated.Add((material.Id, gate)))
            {
                Repeats++;
                return;
            }

            if (!Claim(material.Root, material.Id))
            {
                return;
            }

            parked++;
            gates.Hold(gate, material, body);
            CheckDone();
        }
    }

    /// <summary>
    /// A started-again run (its ledger holds what earlier starts parked; their inputs do not enter again): holds
    /// again each material the gate store kept at each gate, as parked here, so a decision taken since (or
    /// later) sends it on, and the run ends awaiting decision for the rest, as a gate does in process.
    /// </summary>
    internal async Task RestoreAsync(CancellationToken cancellationToken)
    {
        if (Gates is not { } gates)
        {
            return;
        }

        foreach (GatePlan gate in Plan.Gates)
        {
            IReadOnlyList<Factory.Gates.ParkedMaterial> kept = await run.Gates.RestoreAsync(RunId, gate.Station.Path, gate.Check, cancellationToken).ConfigureAwait(false);
            foreach (Factory.Gates.ParkedMaterial parkedBefore in kept)
            {
                var material = new MaterialInfo(parkedBefore.Item.Key.MaterialId, parkedBefore.ParentId, parkedBefore.Sequence, parkedBefore.Root);
                lock (open)
                {
                    if (!gated.Add((material.Id, gate.Station.Path)) || !fated.Add(material.Id))
                    {
                        continue;
                    }

                    if (!open.TryGetValue(material.Root, out int already))
                    {
                        sent++;
                        restored.Add(material.Root);
                    }

                    open[material.Root] = already + 1;
                    outstanding++;
                    parked++;
                    gates.Hold(gate.Station.Path, material, [], opened: true);
                }
            }
        }
    }

    bool IGatedRun.OnlyParkedLeft
    {
        get
        {
            lock (open)
            {
                return inputEnded && outstanding == parked;
            }
        }
    }

    bool IGatedRun.Settled => allSettled.Task.IsCompleted;

    void IGatedRun.SentOn(long materialId)
    {
        lock (open)
        {
            fated.Remove(materialId);
            parked--;
        }
    }

    void IGatedRun.Settle() => allSettled.TrySetResult();

    /// <summary>A group whose children are all in, for the transport to build (<see cref="GatherPlan.Build"/>) and send on; then <see cref="Gathered"/>.</summary>
    public bool TryTakeGroup([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GatherGroup? group)
    {
        lock (open)
        {
            return gathers.TryTake(out group);
        }
    }

    /// <summary>The transport sent <paramref name="group"/> on to the station after its gather: the group is a material of its own now, with its parent's identity.</summary>
    public void Gathered(GatherGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        run.GatheredGroup(group.Parent, group.Arrived);
        lock (open)
        {
            // Its fate is still to come, under the parent's id.
            fated.Remove(group.Parent.Id);
        }
    }

    /// <summary>True while the caller holds the run (<see cref="LineRun{TIn, TOut}.Pause"/>).</summary>
    public bool IsPaused => run.Pause.IsPaused;

    /// <summary>Tells <paramref name="changed"/> each time the caller pauses (true) or resumes (false) the run, for the transport to tell the workers.</summary>
    public void OnPauseChanged(Action<bool> changed) => run.Pause.Changed += changed;

    /// <summary>The transport cannot go on: the run fails with <paramref name="exception"/>.</summary>
    public void Fail(Exception exception) => run.Fail(exception);

    internal Task AllSettled => allSettled.Task;

    /// <summary>Waits until fewer than the transport's <see cref="LineTransport.MaxOpenInputs"/> inputs are open; then one may be sent.</summary>
    internal Task RoomAsync(CancellationToken cancellationToken) => room.WaitAsync(cancellationToken);

    internal void Sent(long root)
    {
        lock (open)
        {
            sent++;
            outstanding++;
            open[root] = 1;
            order?.Sent(root);
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

    /// <summary>A child that will not reach its gather (dead-lettered, discarded) counts as missing there.</summary>
    private void Missed(long parentId, long child)
    {
        lock (open)
        {
            gathers.Miss(parentId, child);
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
            outstanding -= materials;
            int left = open[root] - materials;
            if (left > 0)
            {
                open[root] = left;
                CheckDone();
                return;
            }

            open.Remove(root);
            if (order is null)
            {
                closed++;
                if (!restored.Remove(root))
                {
                    room.Release();
                }

                CheckDone();
                return;
            }

            order.Close(root, ready);
            _ = Drain();
        }
    }

    /// <summary>Puts what may leave in order on the exit, by one drainer at a time; the task ends when nothing is left to put.</summary>
    private Task Drain()
    {
        lock (open)
        {
            if (draining || ready.Count == 0)
            {
                return drained;
            }

            draining = true;
            return drained = DrainAsync();
        }
    }

    private async Task DrainAsync()
    {
        // Not under the caller's lock: the loop takes it for each release.
        await Task.Yield();
        try
        {
            while (true)
            {
                ExitOrder<TOut>.Release release;
                lock (open)
                {
                    if (!ready.TryDequeue(out release))
                    {
                        draining = false;
                        return;
                    }
                }

                if (release.HasOutput)
                {
                    Material<TOut> output = release.Output;
                    while (!exit.TryWrite(in output))
                    {
                        if (!await exit.WaitToWriteAsync(run.Token).ConfigureAwait(false))
                        {
                            return;
                        }
                    }
                }

                if (release.ClosesRoot)
                {
                    lock (open)
                    {
                        closed++;
                        room.Release();
                        CheckDone();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            // The run stopped: nobody reads the exit any more.
        }
    }

    private void CheckDone()
    {
        if (inputEnded && closed >= sent)
        {
            allSettled.TrySetResult();
            Gates?.Wake();
        }
        else if (inputEnded && Gates is not null && outstanding == parked)
        {
            // Only parked materials are left: the gates take what is decided and end the run awaiting decision for the rest.
            Gates.Wake();
        }
    }
}
