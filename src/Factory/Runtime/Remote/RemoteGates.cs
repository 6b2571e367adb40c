using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Factory.Gates;

namespace Factory.Runtime;

/// <summary>
/// The gates of a run whose stations are elsewhere, held by the caller's run. A worker parks a material
/// in the shared ledger's gate store and tells the run's exit (<see cref="Hold"/>); this looks at the store
/// (notified, or every <see cref="PollInterval"/> at most, while anything waits), times out what passed its
/// deadline, takes each decision once and has the transport send the material on down the gate's route,
/// confirmed, as the gate's release does in process. The caller's run is the one place a decision is
/// taken from, so each decided material goes on once; a caller that dies ends its run, as for gathers.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RemoteGates
{
    /// <summary>The longest a decision waits in the store before the run sees it (a store that notifies is quicker).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly RunState run;
    private readonly IGatedRun remote;
    private readonly LinePlan plan;

    // The materials the exit said are parked, by item; fresh ones have not been told to the observers yet.
    private readonly Dictionary<GateItemKey, Held> held = [];
    private readonly List<DecidedItem> early = [];
    private TaskCompletionSource woken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool fresh;

    internal RemoteGates(RunState run, IGatedRun remote, LinePlan plan)
    {
        this.run = run;
        this.remote = remote;
        this.plan = plan;
    }

    /// <summary>Decided materials sent on so far.</summary>
    public long SentOn { get; private set; }

    /// <summary>
    /// Looks for decisions until the run settles or <paramref name="cancellationToken"/> is cancelled, sending
    /// each decided material's messages by <paramref name="send"/> (the message, and the gate it left), which
    /// returns once the broker confirmed it. Once the input ended and only parked materials are left, takes
    /// what is decided and ends the run awaiting decision for the rest, as a gate does in process.
    /// </summary>
    public async Task RunAsync(JsonSerializerContext json, Func<RemoteOutput, StationDescriptor, CancellationToken, ValueTask> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(send);
        var scope = new RemoteScope(run.Line, run.RunId, run.Job, json, []);
        IGateStore store = run.Gates;
        int unknown = 0;
        while (!remote.Settled)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task wake;
            lock (held)
            {
                if (woken.Task.IsCompleted)
                {
                    woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                wake = woken.Task;
            }

            // Read before the pass: nothing but parked materials can be out, so a pass that sends nothing on is the last.
            bool last = remote.OnlyParkedLeft;
            int sent = await PassAsync(store, scope, send, cancellationToken).ConfigureAwait(false);
            if (last && sent == 0 && await LeaveWaitingAsync(store, ++unknown, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (sent > 0)
            {
                unknown = 0;
            }

            Task decision = Waiting ? store.WaitForDecisionAsync(run.RunId, PollInterval, cancellationToken).AsTask() : Task.Delay(Timeout.Infinite, cancellationToken);
            await Task.WhenAny(decision, wake).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The exit says <paramref name="material"/> waits at gate <paramref name="gate"/> (once per material and gate);
    /// or a resumed run holds it again from the store (<paramref name="opened"/>: its observers heard of it before).
    /// <paramref name="parked"/> is the material whole, as the notice carried it (kept here, in memory only: the
    /// store has it without its [Sensitive] members); empty for one held again from the store.
    /// </summary>
    internal void Hold(string gate, in MaterialInfo material, byte[] parked, bool opened = false)
    {
        GatePlan plan = GateAt(gate);
        lock (held)
        {
            held[new GateItemKey(run.RunId, gate, material.Id)] = new Held(material, plan, parked) { Opened = opened };
            fresh |= !opened;
        }

        Wake();
    }

    /// <summary>Looks again now (a material parked, or only parked ones are left).</summary>
    internal void Wake()
    {
        lock (held)
        {
            woken.TrySetResult();
        }
    }

    private bool Waiting
    {
        get
        {
            lock (held)
            {
                return held.Count > 0 || early.Count > 0;
            }
        }
    }

    /// <summary>Times out, tells the observers what parked, and sends on each decided material this run holds; returns how many.</summary>
    private async Task<int> PassAsync(IGateStore store, RemoteScope scope, Func<RemoteOutput, StationDescriptor, CancellationToken, ValueTask> send, CancellationToken cancellationToken)
    {
        if (!Waiting)
        {
            return 0;
        }

        foreach (GatePlan gate in plan.Gates)
        {
            await store.ExpireAsync(run.RunId, gate.Station.Path, cancellationToken).ConfigureAwait(false);
        }

        await OpenAsync(store, cancellationToken).ConfigureAwait(false);
        List<DecidedItem> decided;
        lock (held)
        {
            decided = [.. early];
            early.Clear();
        }

        foreach (GatePlan gate in plan.Gates)
        {
            decided.AddRange(await store.TakeDecidedAsync(run.RunId, gate.Station.Path, cancellationToken).ConfigureAwait(false));
        }

        int sent = 0;
        foreach (DecidedItem item in decided)
        {
            Held? material;
            lock (held)
            {
                if (!held.Remove(item.Item.Key, out material))
                {
                    // Decided before its exit notice arrived here: sent on once it has.
                    early.Add(item);
                    continue;
                }
            }

            await SendOnAsync(item, material, scope, send, cancellationToken).ConfigureAwait(false);
            sent++;
        }

        return sent;
    }

    private async ValueTask SendOnAsync(DecidedItem item, Held material, RemoteScope scope, Func<RemoteOutput, StationDescriptor, CancellationToken, ValueTask> send, CancellationToken cancellationToken)
    {
        if (!material.Opened)
        {
            run.GateOpened(material.Material, item.Item);
        }

        run.GateDecided(material.Material, item.Item, item.Decision, trace: null);
        RemoteSends sends = material.Gate.SendOn(item, material.Material, material.Parked, scope, out DeadLetter? letter);

        // Its fate is to come again (from the stations after the gate) before any of it can come back.
        remote.SentOn(material.Material.Id);
        SentOn++;
        if (letter is not null)
        {
            remote.DeadLettered(letter);
        }

        foreach (RemoteOutput output in sends.Outputs)
        {
            await send(output, material.Gate.Station, cancellationToken).ConfigureAwait(false);
        }

        foreach (DeadLetter routeLetter in sends.Letters)
        {
            remote.DeadLettered(routeLetter);
        }

        foreach (DiscardedMaterial discarded in sends.Discards)
        {
            remote.Discarded(discarded);
        }
    }

    /// <summary>Tells the observers of each material parked since the last pass, with its item as the store keeps it.</summary>
    private async ValueTask OpenAsync(IGateStore store, CancellationToken cancellationToken)
    {
        lock (held)
        {
            if (!fresh)
            {
                return;
            }

            fresh = false;
        }

        foreach (GateItem item in await store.WaitingAsync(run.RunId, cancellationToken).ConfigureAwait(false))
        {
            Held? material;
            lock (held)
            {
                if (!held.TryGetValue(item.Key, out material) || material.Opened)
                {
                    continue;
                }

                material.Opened = true;
            }

            run.GateOpened(material.Material, item);
        }
    }

    /// <summary>
    /// Only parked materials are left and none was decided: lists them in the report and ends the run.
    /// When the store does not list some of them as waiting, they were decided since: the next pass takes
    /// them (a store that knows neither gets two more passes, then the run ends with what it knows).
    /// </summary>
    private async ValueTask<bool> LeaveWaitingAsync(IGateStore store, int passes, CancellationToken cancellationToken)
    {
        var waiting = new List<GateItem>();
        int count;
        lock (held)
        {
            count = held.Count;
        }

        foreach (GateItem item in await store.WaitingAsync(run.RunId, cancellationToken).ConfigureAwait(false))
        {
            lock (held)
            {
                if (held.ContainsKey(item.Key))
                {
                    waiting.Add(item);
                }
            }
        }

        if (waiting.Count < count && passes < 3)
        {
            return false;
        }

        foreach (GateItem item in waiting)
        {
            run.AwaitingDecision.Add(item);
        }

        remote.Settle();
        return true;
    }

    private GatePlan GateAt(string path)
    {
        foreach (GatePlan gate in plan.Gates)
        {
            if (gate.Station.Path == path)
            {
                return gate;
            }
        }

        throw new InvalidOperationException($"Run '{run.RunId}': a material parked at gate '{path}', which line '{run.Line.Name}' does not have: every worker and caller must run the same version of the line.");
    }

    private sealed class Held(MaterialInfo material, GatePlan gate, byte[] parked)
    {
        public MaterialInfo Material { get; } = material;

        public GatePlan Gate { get; } = gate;

        public byte[] Parked { get; } = parked;

        public bool Opened { get; set; }
    }

}
