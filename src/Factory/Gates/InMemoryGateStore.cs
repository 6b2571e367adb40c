using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Gates;

/// <summary>
/// A gate store in the process's memory, for tests and for runs that decide while they run. Its items
/// and decisions do not survive the process: a run using it logs a warning when it starts. One lock
/// orders every attempt, so each item is decided once however many deciders race.
/// </summary>
public sealed class InMemoryGateStore : IGateStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<GateItemKey, Entry> entries = [];
    private readonly List<GateAuditEntry> audit = [];
    private TaskCompletionSource decided = NewSignal();

    /// <summary>Creates a store reading time from <paramref name="clock"/> (the system's when null).</summary>
    public InMemoryGateStore(TimeProvider? clock = null)
    {
        Clock = clock ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public bool IsDurable => false;

    /// <inheritdoc />
    public TimeProvider Clock { get; }

    /// <inheritdoc />
    public ValueTask<GateItem> ParkAsync(GateParking parking, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parking);
        lock (gate)
        {
            if (entries.TryGetValue(parking.Key, out Entry? parked))
            {
                // A new start of the run parks again what an earlier one parked: it gets the decision again.
                parked.Taken = false;
                return ValueTask.FromResult(parked.Item);
            }

            DateTimeOffset now = Clock.GetUtcNow();
            var item = new GateItem(
                parking.Key,
                parking.Job.Tenant,
                parking.Job.Submitter,
                parking.Gate.Approvers,
                parking.Gate.FourEyes,
                now,
                now + parking.Timeout,
                parking.Gate.OnTimeout,
                parking.Payload,
                parking.Presented);
            entries.Add(parking.Key, new Entry(item, parking.Check));
            return ValueTask.FromResult(item);
        }
    }

    /// <inheritdoc />
    public ValueTask<GateDecisionResult> DecideAsync(GateItemKey item, GateActor actor, GateVerdict verdict, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(verdict);
        GateDecisionResult result;
        lock (gate)
        {
            DateTimeOffset now = Clock.GetUtcNow();
            if (!entries.TryGetValue(item, out Entry? entry))
            {
                result = GateDecisionResult.Refused($"No {item} is parked here.");
                audit.Add(GateRules.Audit(item, actor.Name, null, now, verdict.ToString(), result, null));
                return ValueTask.FromResult(result);
            }

            GateDecision? before = entry.Decision;
            result = GateRules.Judge(entry.Item, before, actor, verdict, now, entry.Check)
                ?? GateDecisionResult.Recorded(GateRules.Decision(entry.Item, actor, verdict, now));
            entry.Decision = result.Decision ?? before;
            audit.Add(GateRules.Audit(item, actor.Name, entry.Item.Tenant, now, verdict.ToString(), result, before));
        }

        if (result.Accepted)
        {
            Signal();
        }

        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<GateItem>> WaitingAsync(string? runId = null, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<GateItem> waiting = entries.Values
                .Where(e => e.Decision is null && (runId is null || e.Item.Key.RunId == runId))
                .Select(e => e.Item)
                .OrderBy(i => i.Parked)
                .ThenBy(i => i.Key.MaterialId)
                .ToArray();
            return ValueTask.FromResult(waiting);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DecidedItem>> TakeDecidedAsync(string runId, string gate, CancellationToken cancellationToken = default)
    {
        List<DecidedItem>? taken = null;
        lock (this.gate)
        {
            foreach (Entry entry in entries.Values)
            {
                if (entry.Decision is { } decision && !entry.Taken && entry.Item.Key.RunId == runId && entry.Item.Key.Gate == gate)
                {
                    entry.Taken = true;
                    (taken ??= []).Add(new DecidedItem(entry.Item, decision));
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<DecidedItem>>(taken is null ? [] : taken);
    }

    /// <inheritdoc />
    public ValueTask<int> ExpireAsync(string runId, string gate, CancellationToken cancellationToken = default)
    {
        int expired = 0;
        lock (this.gate)
        {
            DateTimeOffset now = Clock.GetUtcNow();
            foreach (Entry entry in entries.Values)
            {
                GateItem item = entry.Item;
                if (entry.Decision is null && item.Deadline is { } deadline && now > deadline && item.Key.RunId == runId && item.Key.Gate == gate)
                {
                    entry.Decision = GateRules.Timeout(item, now);
                    var result = GateDecisionResult.Recorded(entry.Decision);
                    audit.Add(GateRules.Audit(item.Key, Decision<object>.TimeoutApprover, item.Tenant, now, "timeout: " + item.OnTimeout, result, null));
                    expired++;
                }
            }
        }

        return ValueTask.FromResult(expired);
    }

    /// <inheritdoc />
    public async ValueTask WaitForDecisionAsync(string runId, TimeSpan longest, CancellationToken cancellationToken)
    {
        Task signal;
        lock (gate)
        {
            signal = decided.Task;
        }

        try
        {
            await signal.WaitAsync(longest, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Nothing decided meanwhile: the caller looks at its deadlines and waits again.
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<GateAuditEntry>> AuditAsync(string? runId = null, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<GateAuditEntry> entries = audit.Where(e => runId is null || e.Item.RunId == runId).ToArray();
            return ValueTask.FromResult(entries);
        }
    }

    private void Signal()
    {
        TaskCompletionSource fired;
        lock (gate)
        {
            fired = decided;
            decided = NewSignal();
        }

        fired.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One parked item: what it is, how to judge an edit of it, its decision, and whether the run took it.</summary>
    private sealed class Entry(GateItem item, GatePayloadCheck check)
    {
        public GateItem Item { get; } = item;

        public GatePayloadCheck Check { get; } = check;

        public GateDecision? Decision { get; set; }

        public bool Taken { get; set; }
    }
}
