using System;
using Factory.Gates;

namespace Factory.Ledger.Relational;

/// <summary>A <c>gate_decisions</c> row: the one decision of an item, an edit still JSON.</summary>
internal sealed record StoredDecision(GateItemKey Key, GateDecisionKind Kind, string Approver, DateTimeOffset Time, string? Reason, string? EditedJson)
{
    public GateDecision Decision(object? edited) => new(Key, Kind, Approver, Time, Reason, edited);
}
