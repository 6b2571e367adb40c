namespace Factory.Gates;

/// <summary>How a parked item was decided.</summary>
public enum GateDecisionKind
{
    /// <summary>Approved by an actor, or by a timeout with <see cref="GateTimeout.Approve"/>.</summary>
    Approved,

    /// <summary>Rejected by an actor, or by a timeout with <see cref="GateTimeout.Reject"/>.</summary>
    Rejected,

    /// <summary>Timed out with <see cref="GateTimeout.DeadLetter"/>: the material becomes a dead letter.</summary>
    DeadLettered,
}
