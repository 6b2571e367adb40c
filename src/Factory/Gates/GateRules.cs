using System;
using System.Collections.Generic;

namespace Factory.Gates;

/// <summary>
/// The rules every store applies to a decision attempt, in one place, so an in-memory store and a
/// ledger agree on what is refused and with which words. A store calls <see cref="Judge"/> under its
/// own lock or transaction, with the item's decision so far, and records the result.
/// </summary>
public static class GateRules
{
    /// <summary>The state an audit entry gives an item with no decision.</summary>
    public const string Waiting = "waiting";

    /// <summary>
    /// Judges an attempt on <paramref name="item"/>: null when it may be recorded, else the refusal
    /// (and the problems of an edit). Checked in this order: tenant, permission, four eyes, an earlier
    /// decision, the deadline, the edit.
    /// </summary>
    public static GateDecisionResult? Judge(GateItem item, GateDecision? existing, GateActor actor, GateVerdict verdict, DateTimeOffset now, GatePayloadCheck check)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(check);
        if (!actor.Tenants.Contains(item.Tenant))
        {
            return GateDecisionResult.Refused($"{actor.Name} does not act for tenant '{item.Tenant}' of {item.Key}.");
        }

        if (!actor.MayDecide(item.Tenant, item.Approvers))
        {
            return GateDecisionResult.Refused($"{actor.Name} holds none of the permissions that decide at gate '{item.Key.Gate}' ({string.Join(", ", item.Approvers)}) for {item.Key}.");
        }

        if (item.FourEyes && item.Submitter is not null && string.Equals(item.Submitter, actor.Name, StringComparison.Ordinal))
        {
            return GateDecisionResult.Refused($"{actor.Name} submitted the job of {item.Key}; gate '{item.Key.Gate}' needs four eyes: someone else must decide.");
        }

        if (existing is not null)
        {
            return GateDecisionResult.Refused($"{item.Key} is already {existing.Describe()}.");
        }

        if (item.Deadline is { } deadline && now > deadline)
        {
            return GateDecisionResult.Refused($"The deadline of {item.Key} passed at {deadline:O}; the gate's timeout decides it.");
        }

        return verdict.IsEdited ? JudgeEdit(item, verdict.EditedPayload, check) : null;
    }

    /// <summary>The decision an accepted attempt records.</summary>
    public static GateDecision Decision(GateItem item, GateActor actor, GateVerdict verdict, DateTimeOffset now) =>
        new(item.Key, verdict.IsApproval ? GateDecisionKind.Approved : GateDecisionKind.Rejected, actor.Name, now, verdict.Reason, verdict.EditedPayload);

    /// <summary>The decision a timeout records, by the gate's <see cref="GateItem.OnTimeout"/>.</summary>
    public static GateDecision Timeout(GateItem item, DateTimeOffset now)
    {
        string reason = $"no decision by {item.Deadline:O}";
        GateDecisionKind kind = item.OnTimeout switch
        {
            GateTimeout.Approve => GateDecisionKind.Approved,
            GateTimeout.DeadLetter => GateDecisionKind.DeadLettered,
            _ => GateDecisionKind.Rejected,
        };
        return new GateDecision(item.Key, kind, Decision<object>.TimeoutApprover, now, reason, null);
    }

    /// <summary>The audit entry of an attempt.</summary>
    public static GateAuditEntry Audit(GateItemKey key, string actor, string? tenant, DateTimeOffset now, string verdict, GateDecisionResult result, GateDecision? before) =>
        new(
            key,
            actor,
            tenant,
            now,
            verdict,
            result.Accepted,
            result.Refusal,
            before?.Describe() ?? Waiting,
            result.Decision?.Describe() ?? before?.Describe() ?? Waiting);

    private static GateDecisionResult? JudgeEdit(GateItem item, object? edited, GatePayloadCheck check)
    {
        if (!check.IsPayload(edited))
        {
            string type = edited?.GetType().FullName ?? "null";
            return GateDecisionResult.Refused($"The edit of {item.Key} is a {type}, not a {check.PayloadType}.");
        }

        IReadOnlyList<string> problems = check.Problems(edited!);
        return problems.Count == 0
            ? null
            : GateDecisionResult.Refused($"The edit of {item.Key} is invalid: {string.Join("; ", problems)}", problems);
    }
}
