using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Factory.Gates;

namespace Factory.Experiments;

/// <summary>
/// The gate store of an experiment's run (<see cref="Experiment{TIn, TOut}.Gates"/>): nobody waits at its
/// gates, each item is decided as it is parked, by the caller's rule, in the name of actor
/// <see cref="Actor"/>, in memory (an experiment's decisions are not a person's and are not audited in a ledger).
/// </summary>
internal sealed class DecidedGates(Func<GateItem, GateVerdict> decide) : IGateStore
{
    /// <summary>Who the decisions are recorded as made by.</summary>
    public const string Actor = "experiment";

    private readonly InMemoryGateStore store = new();

    public bool IsDurable => false;

    public TimeProvider Clock => store.Clock;

    public async ValueTask<GateItem> ParkAsync(GateParking parking, CancellationToken cancellationToken = default)
    {
        GateItem item = await store.ParkAsync(parking, cancellationToken).ConfigureAwait(false);
        var actor = new GateActor(Actor, item.Approvers, [item.Tenant]);
        GateDecisionResult result = await store.DecideAsync(item.Key, actor, decide(item), cancellationToken).ConfigureAwait(false);
        if (!result.Accepted)
        {
            throw new InvalidOperationException($"The experiment's gate rule decided {item.Key}, and the gate refused it: {result}.");
        }

        return item;
    }

    public ValueTask<GateDecisionResult> DecideAsync(GateItemKey item, GateActor actor, GateVerdict verdict, CancellationToken cancellationToken = default) =>
        store.DecideAsync(item, actor, verdict, cancellationToken);

    public ValueTask<IReadOnlyList<GateItem>> WaitingAsync(string? runId = null, CancellationToken cancellationToken = default) => store.WaitingAsync(runId, cancellationToken);

    public ValueTask<IReadOnlyList<DecidedItem>> TakeDecidedAsync(string runId, string gate, CancellationToken cancellationToken = default) => store.TakeDecidedAsync(runId, gate, cancellationToken);

    public ValueTask<int> ExpireAsync(string runId, string gate, CancellationToken cancellationToken = default) => store.ExpireAsync(runId, gate, cancellationToken);

    public ValueTask WaitForDecisionAsync(string runId, TimeSpan longest, CancellationToken cancellationToken) => store.WaitForDecisionAsync(runId, longest, cancellationToken);

    public ValueTask<IReadOnlyList<GateAuditEntry>> AuditAsync(string? runId = null, CancellationToken cancellationToken = default) => store.AuditAsync(runId, cancellationToken);
}
