using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Factory.Gates;

namespace Factory.Runtime;

/// <summary>
/// A gate at run time. Its intake takes materials off the belt in front of it and parks each in the
/// run's gate store at once, so a waiting material holds no worker and no belt slot. Its release waits
/// for the store (notified, or every <see cref="PollInterval"/> at most), times out what passed its
/// deadline, and sends each decided material on as <see cref="Approved{T}"/> or <see cref="Rejected{T}"/>
/// (or dead-letters it, by the gate's timeout rule). Once nothing more can arrive, the release takes
/// what is decided and stops: what still waits stays parked, and the run ends awaiting decision.
/// </summary>
internal sealed class GateStage<T, TWork> : IStationStage, IProducer<Decision<T>>, IReportsMissing
    where TWork : struct, IGateWork<T>
{
    /// <summary>The longest a decision waits in the store before the run sees it (a store that notifies is quicker).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly RunState run;
    private readonly StationDescriptor station;
    private readonly GateDescriptor gate;
    private readonly TWork work;
    private readonly Belt<T> input;
    private IGateStore store = null!;
    private readonly GatePayloads<T, TWork> check;
    private readonly StationCounters counters = new(2);
    private readonly Dictionary<long, Material<T>> parked = [];
    private readonly List<DecidedItem> early = [];
    private readonly TaskCompletionSource intakeDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Belt<Decision<T>>? output;

    public GateStage(RunState run, StationDescriptor station, TWork work, Belt<T> input)
    {
        this.run = run;
        this.station = station;
        gate = station.Gate ?? throw new InvalidOperationException($"Station '{station.Path}' is wired as a gate but its descriptor has no gate. Rebuild the project so the generated code matches.");
        this.work = work;
        this.input = input;
        check = new GatePayloads<T, TWork>(work, station.InputType);
        GatePayloadChecks.Register(check);
        Status = new StationStatus(station, counters, () => input.Count);
    }

    public StationStatus Status { get; }

    /// <summary>Set when this gate sits between a split and its gather: it hears of children that dead-letter here.</summary>
    public SplitRegistry? MissingTo { private get; set; }

    private WorkerCounts Intake => counters[0];

    private WorkerCounts Release => counters[1];

    public void Connect(Belt<Decision<T>> belt) => output = belt;

    public Task Start()
    {
        if (output is null)
        {
            throw new InvalidOperationException($"Gate '{station.Path}' has no output belt.");
        }

        // Known once the run is starting: the options' store, or the ledger's its observer gives.
        store = run.Gates;

        Task intake = Task.Run(IntakeAsync);
        Task release = Task.Run(ReleaseAsync);
        return FinishAsync(intake, release);
    }

    private async Task FinishAsync(Task intake, Task release)
    {
        await Task.WhenAll(intake, release).ConfigureAwait(false);
        output!.TryComplete(run.CompletionError);
    }

    private async Task IntakeAsync()
    {
        var inbox = new Material<T>[Outbox<T>.MaxBatch];
        var waiter = new ReusableWaiter();
        try
        {
            await RestoreAsync().ConfigureAwait(false);
            while (true)
            {
                run.Token.ThrowIfCancellationRequested();
                int taken = input.TryRead(inbox);
                if (taken == 0)
                {
                    if (!await input.WaitToReadAsync(waiter).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                for (int i = 0; i < taken; i++)
                {
                    Material<T> material = inbox[i];
                    inbox[i] = default;
                    await ParkAsync(material).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception)
        {
            run.Stopped(exception, $"Gate '{station.Path}'");
        }
        finally
        {
            intakeDone.TrySetResult();
        }
    }

    /// <summary>
    /// Holds again what an earlier start of the run parked here and its store kept (a durable store):
    /// the materials as they were (ids, root, trace), so their decisions send them on and nothing before
    /// the gate runs again (the ledger does not let their inputs enter).
    /// </summary>
    private async ValueTask RestoreAsync()
    {
        IReadOnlyList<ParkedMaterial> restored = await store.RestoreAsync(run.RunId, station.Path, check, run.Token).ConfigureAwait(false);
        foreach (ParkedMaterial parkedBefore in restored)
        {
            if (parkedBefore.Item.Payload is not T value)
            {
                throw new InvalidOperationException(
                    $"The store gave {parkedBefore.Item.Key} back as a {parkedBefore.Item.Payload?.GetType().FullName ?? "null"}, not a {station.InputType}.");
            }

            var material = new Material<T>(value, parkedBefore.Item.Key.MaterialId, parkedBefore.ParentId, parkedBefore.Sequence, run.Job, 1)
            {
                Root = parkedBefore.Root,
                Trace = GateTrace.Parse(parkedBefore.Trace),
            };
            Interlocked.Increment(ref Intake.In);
            lock (parked)
            {
                parked[material.Id] = material;
            }
        }
    }

    private async ValueTask ParkAsync(Material<T> material)
    {
        Interlocked.Increment(ref Intake.In);
        object? presented;
        try
        {
            presented = work.Present(material.Value);
        }
        catch (Exception exception) when (!run.Token.IsCancellationRequested)
        {
            // The gate's own Present failed: the material cannot be shown to anyone, so it cannot wait here.
            DeadLetter(material, DeadLetters.Failed(run.Job, station, material, work.Redact(material.Value), exception, 1));
            return;
        }

        var key = new GateItemKey(run.RunId, station.Path, material.Id);
        var parking = new GateParking(key, gate, material.Job, material.Value, presented, check)
        {
            Root = material.Root,
            ParentId = material.ParentId,
            Sequence = material.Sequence,
            Trace = GateTrace.Text(material.Trace),
            Kept = work.Redact(material.Value),
        };
        GateItem item = await store.ParkAsync(parking, run.Token).ConfigureAwait(false);
        run.GateOpened(MaterialInfo.Of(material), item);

        // Only now may the release send it on: observers hear it parked before they hear it decided
        // (a decision taken meanwhile waits for the next pass).
        lock (parked)
        {
            parked[material.Id] = material;
        }
    }

    private async Task ReleaseAsync()
    {
        var outbox = new Outbox<Decision<T>>(output!);
        string path = station.Path;
        try
        {
            while (true)
            {
                // Read before taking: whatever was parked before the intake ended is taken in this pass.
                bool last = intakeDone.Task.IsCompleted;
                await store.ExpireAsync(run.RunId, path, run.Token).ConfigureAwait(false);
                await SendOnAsync([.. early, .. await store.TakeDecidedAsync(run.RunId, path, run.Token).ConfigureAwait(false)], outbox).ConfigureAwait(false);
                if (last)
                {
                    break;
                }

                Task decision = store.WaitForDecisionAsync(run.RunId, PollInterval, run.Token).AsTask();
                await Task.WhenAny(decision, intakeDone.Task).ConfigureAwait(false);

                // A cancel completes the wait at once, on the cancelling thread: looking again would loop there for ever.
                run.Token.ThrowIfCancellationRequested();
            }

            await LeaveWaitingAsync(outbox).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            run.Stopped(exception, $"Gate '{station.Path}'");
        }
    }

    /// <summary>
    /// Sends each decided material on. A decision whose material this start has not parked yet (a
    /// started-again run takes a decision made meanwhile before its intake reaches the material) is
    /// kept for the next pass; one whose material never comes stays behind when the gate stops.
    /// </summary>
    private async ValueTask SendOnAsync(List<DecidedItem> decided, Outbox<Decision<T>> outbox)
    {
        early.Clear();
        foreach (DecidedItem item in decided)
        {
            if (!await SendOnAsync(item, outbox).ConfigureAwait(false))
            {
                early.Add(item);
            }
        }

        await outbox.FlushAsync().ConfigureAwait(false);
    }

    private async ValueTask<bool> SendOnAsync(DecidedItem decided, Outbox<Decision<T>> outbox)
    {
        Material<T> material;
        lock (parked)
        {
            if (!parked.Remove(decided.Item.Key.MaterialId, out material))
            {
                return false;
            }
        }

        GateDecision recorded = decided.Decision;
        run.GateDecided(MaterialInfo.Of(material), decided.Item, recorded, material.Trace);
        Decision<T>? decision = recorded.Kind switch
        {
            GateDecisionKind.Approved => new Approved<T>(recorded.Approver, recorded.Time, recorded.EditedPayload is T edited ? edited : material.Value, recorded.IsEdited),
            GateDecisionKind.Rejected => new Rejected<T>(recorded.Approver, recorded.Time, material.Value, recorded.Reason ?? string.Empty),
            _ => null,
        };
        if (decision is null)
        {
            DeadLetter(material, DeadLetters.GateTimedOut(station, material, work.Redact(material.Value), gate.TimeoutMinutes));
            return true;
        }

        Interlocked.Increment(ref Release.Out);
        if (outbox.Add(material.With(decision)))
        {
            await outbox.FlushFullAsync().ConfigureAwait(false);
        }

        return true;
    }

    private void DeadLetter(in Material<T> material, DeadLetter letter)
    {
        Interlocked.Increment(ref Release.DeadLettered);
        if (material.ParentId != 0)
        {
            MissingTo?.Missing(material.ParentId, material.Id);
        }

        run.DeadLetter(letter);
    }

    /// <summary>
    /// Nothing more can arrive: what is still parked waits in the store, and the report lists it. A
    /// decision recorded since the last pass is sent on first, so nothing decided is left behind.
    /// </summary>
    private async ValueTask LeaveWaitingAsync(Outbox<Decision<T>> outbox)
    {
        while (!run.Token.IsCancellationRequested)
        {
            HashSet<long> left;
            lock (parked)
            {
                left = [.. parked.Keys];
            }

            if (left.Count == 0)
            {
                return;
            }

            var waiting = new List<GateItem>();
            foreach (GateItem item in await store.WaitingAsync(run.RunId, run.Token).ConfigureAwait(false))
            {
                if (item.Key.Gate == station.Path && left.Contains(item.Key.MaterialId))
                {
                    waiting.Add(item);
                }
            }

            if (waiting.Count == left.Count)
            {
                ListWaiting(waiting);
                return;
            }

            IReadOnlyList<DecidedItem> late = await store.TakeDecidedAsync(run.RunId, station.Path, run.Token).ConfigureAwait(false);
            if (late.Count == 0)
            {
                // Neither waiting nor decided: the store does not know them; list what it does know.
                ListWaiting(waiting);
                return;
            }

            await SendOnAsync([.. late], outbox).ConfigureAwait(false);
        }
    }

    private void ListWaiting(List<GateItem> waiting)
    {
        foreach (GateItem item in waiting)
        {
            run.AwaitingDecision.Add(item);
        }
    }
}
