using System;

namespace Factory.Gates;

/// <summary>One decision attempt, accepted or refused: every attempt leaves one.</summary>
/// <param name="Item">The item decided on.</param>
/// <param name="Actor">Who tried (<see cref="Decision{T}.TimeoutApprover"/> for a timeout).</param>
/// <param name="Tenant">The item's tenant, or null when the item is unknown.</param>
/// <param name="Time">When (the store's clock).</param>
/// <param name="Verdict">What the actor said, e.g. "approve (edited)".</param>
/// <param name="Accepted">True when the decision was recorded.</param>
/// <param name="Refusal">Why it was refused; null when accepted.</param>
/// <param name="Before">The item's state before: "waiting", or the decision it already had.</param>
/// <param name="After">The item's state after.</param>
public sealed record GateAuditEntry(GateItemKey Item, string Actor, string? Tenant, DateTimeOffset Time, string Verdict, bool Accepted, string? Refusal, string Before, string After);
