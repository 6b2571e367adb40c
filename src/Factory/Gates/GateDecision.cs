using System;

namespace Factory.Gates;

/// <summary>The one decision recorded for a parked item.</summary>
/// <param name="Item">The item.</param>
/// <param name="Kind">Approved, rejected or dead-lettered.</param>
/// <param name="Approver">The actor's name, or <see cref="Decision{T}.TimeoutApprover"/>.</param>
/// <param name="Time">When it was recorded (the store's clock).</param>
/// <param name="Reason">A rejection's reason, or what the timeout did; null for an approval by an actor.</param>
/// <param name="EditedPayload">The approver's edit, or null when the payload goes on as it was.</param>
public sealed record GateDecision(GateItemKey Item, GateDecisionKind Kind, string Approver, DateTimeOffset Time, string? Reason, object? EditedPayload)
{
    /// <summary>True when a timeout decided.</summary>
    public bool ByTimeout => Approver == Decision<object>.TimeoutApprover;

    /// <summary>True when an approval carries an edited payload.</summary>
    public bool IsEdited => EditedPayload is not null;

    /// <summary>"approved by X at T", as the refusal of a second decision quotes it.</summary>
    public string Describe() => Kind switch
    {
        GateDecisionKind.Approved => $"approved by {Approver} at {Time:O}",
        GateDecisionKind.Rejected => $"rejected by {Approver} at {Time:O}",
        _ => $"dead-lettered by {Approver} at {Time:O}",
    };
}
