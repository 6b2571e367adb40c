using System;

namespace Factory.Gates;

/// <summary>What a decider says about a parked item: approve (as it is, or edited), or reject with a reason.</summary>
public sealed class GateVerdict
{
    private GateVerdict(bool approve, object? edited, bool isEdited, string? reason)
    {
        IsApproval = approve;
        EditedPayload = edited;
        IsEdited = isEdited;
        Reason = reason;
    }

    /// <summary>True for an approval, false for a rejection.</summary>
    public bool IsApproval { get; }

    /// <summary>True when an approval carries an edited payload.</summary>
    public bool IsEdited { get; }

    /// <summary>The edited payload of an approval, or null.</summary>
    public object? EditedPayload { get; }

    /// <summary>Why a rejection rejects; null for an approval.</summary>
    public string? Reason { get; }

    /// <summary>Approves the payload as it is.</summary>
    public static GateVerdict Approve() => new(true, null, false, null);

    /// <summary>
    /// Approves <paramref name="edited"/> in place of the payload. It must be of the gate's payload type
    /// and pass its data annotations, or the decision is refused with the problems.
    /// </summary>
    public static GateVerdict ApproveEdited(object edited)
    {
        ArgumentNullException.ThrowIfNull(edited);
        return new(true, edited, true, null);
    }

    /// <summary>Rejects the payload.</summary>
    public static GateVerdict Reject(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(false, null, false, reason);
    }

    /// <inheritdoc />
    public override string ToString() => IsApproval ? (IsEdited ? "approve (edited)" : "approve") : $"reject: {Reason}";
}
