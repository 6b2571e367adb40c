namespace Factory;

/// <summary>What a gate decides when nobody decided in time (<see cref="GateAttribute.TimeoutMinutes"/>).</summary>
#if BUILDING_ROSLYN_COMPONENT
internal
#else
public
#endif
enum GateTimeout
{
    /// <summary>The item is rejected: it goes down the <see cref="Rejected{T}"/> route.</summary>
    Reject,

    /// <summary>The item is approved unchanged: it goes down the <see cref="Approved{T}"/> route.</summary>
    Approve,

    /// <summary>The item becomes a dead letter at the gate.</summary>
    DeadLetter,
}
