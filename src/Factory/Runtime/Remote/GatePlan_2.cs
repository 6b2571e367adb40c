using System;
using System.Diagnostics;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory.Gates;

namespace Factory.Runtime;

/// <summary>A gate's calls, as the generated code wired it, for a worker (parking) and the caller's run (sending decided materials on).</summary>
internal sealed class GatePlan<T, TWork> : GatePlan, IPlannedEnd<Decision<T>>
    where TWork : struct, IGateWork<T>
{
    private readonly TWork work;
    private readonly GateDescriptor gate;
    private readonly GatePayloads<T, TWork> check;
    private RemoteHop<Decision<T>>? next;

    public GatePlan(StationDescriptor station, int index, TWork work)
        : base(station, index)
    {
        this.work = work;
        gate = station.Gate ?? throw new InvalidOperationException($"Station '{station.Path}' is wired as a gate but its descriptor has no gate. Rebuild the project so the generated code matches.");
        check = new GatePayloads<T, TWork>(work, station.InputType);

        // The caller's store reads the payloads other processes parked back as T by this check.
        GatePayloadChecks.Register(check);
    }

    public override bool Routed => next is not QueueHop<Decision<T>>;

    public override GatePayloadCheck Check => check;

    public override Type InputType => typeof(T);

    public override Type OutputType => typeof(Decision<T>);

    /// <summary>Parks the material in the run's gate store (the worker's ledger): a notice for the run's exit, or a dead letter when the gate's <c>Present</c> fails.</summary>
    public override async ValueTask<StationOutcome> ProcessAsync(ReadOnlyMemory<byte> input, MaterialInfo material, RemoteScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        IGateStore store = scope.Gates ?? throw new InvalidOperationException(
            $"Gate '{Station.Path}' of line '{scope.Info.Line.Name}' runs in a worker without a ledger: give LineWorkerOptions.Ledger the ledger the caller's run records in; its materials wait there for decisions.");
        T value;
        try
        {
            value = JsonSerializer.Deserialize(input.Span, RemoteJson.TypeInfo<T>(scope, $"the input of gate '{Station.Path}'"))!;
        }
        catch (JsonException unreadable)
        {
            var unread = new Material<T>(default!, material.Id, material.ParentId, material.Sequence, scope.Job, 1) { Root = material.Root };
            return new StationOutcome([], DeadLetters.Failed(scope.Job, Station, unread, null, unreadable, 0), []);
        }

        var entered = new Material<T>(value, material.Id, material.ParentId, material.Sequence, scope.Job, 1) { Root = material.Root };
        object? presented;
        try
        {
            presented = work.Present(value);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // As in process: a material nobody can be shown cannot wait for a decision.
            return new StationOutcome([], DeadLetters.Failed(scope.Job, Station, entered, work.Redact(value), exception, 1), []);
        }

        var parking = new GateParking(new GateItemKey(scope.Info.RunId, Station.Path, material.Id), gate, scope.Job, value, presented, check)
        {
            Root = material.Root,
            ParentId = material.ParentId,
            Sequence = material.Sequence,
            Trace = Activity.Current?.Id,
            Kept = work.Redact(value),
        };

        // Parking a key again (a redelivery) keeps the first item and its decision.
        await store.ParkAsync(parking, cancellationToken).ConfigureAwait(false);

        // The store keeps the material without its [Sensitive] members; the notice carries it whole to the caller's
        // run (on the broker, never in the ledger), which sends on what the gate took, as a gate does in process.
        return new StationOutcome([new RemoteOutput(material, input.ToArray()) { Parked = true }], null, []);
    }

    public override RemoteSends SendOn(DecidedItem decided, in MaterialInfo material, ReadOnlyMemory<byte> parked, RemoteScope scope, out DeadLetter? letter)
    {
        ArgumentNullException.ThrowIfNull(decided);
        ArgumentNullException.ThrowIfNull(scope);
        T payload = Parked(decided, parked, scope);

        var held = new Material<T>(payload, material.Id, material.ParentId, material.Sequence, scope.Job, 1) { Root = material.Root };
        GateDecision recorded = decided.Decision;
        Decision<T>? decision = recorded.Kind switch
        {
            GateDecisionKind.Approved => new Approved<T>(recorded.Approver, recorded.Time, recorded.EditedPayload is T edited ? edited : payload, recorded.IsEdited),
            GateDecisionKind.Rejected => new Rejected<T>(recorded.Approver, recorded.Time, payload, recorded.Reason ?? string.Empty),
            _ => null,
        };
        var sends = new RemoteSends();
        if (decision is null)
        {
            letter = DeadLetters.GateTimedOut(Station, held, work.Redact(payload), gate.TimeoutMinutes);
            return sends;
        }

        letter = null;
        RemoteHop<Decision<T>> hop = next ?? throw new InvalidOperationException($"Gate '{Station.Path}' has nothing after it in the plan. Rebuild the project so the generated code matches.");
        hop.Send(held.With<Decision<T>>(decision), scope, sends);
        return sends;
    }

    /// <summary>
    /// The material as it entered the gate: whole from its notice (<paramref name="parked"/>); or, held again by a
    /// resumed run (no notice in this start), as the store kept it, without its [Sensitive] members, as in process.
    /// </summary>
    private T Parked(DecidedItem decided, ReadOnlyMemory<byte> parked, RemoteScope scope)
    {
        if (!parked.IsEmpty)
        {
            return JsonSerializer.Deserialize(parked.Span, RemoteJson.TypeInfo<T>(scope, $"the material parked at gate '{Station.Path}'"))!;
        }

        return decided.Item.Payload is T kept ? kept : throw new InvalidOperationException(
            $"The gate store gave {decided.Item.Key} back as a {decided.Item.Payload?.GetType().FullName ?? "null"}, not a {Station.InputType}: the caller and the workers must run the same version of the line.");
    }

    public void Connect(Belt<Decision<T>> output) => throw new InvalidOperationException($"Gate '{Station.Path}' runs elsewhere: it has no belt.");

    public void SendTo(RemoteHop<Decision<T>> hop) => next = hop;
}
