namespace Factory;

/// <summary>What a gate decides when nobody decided in time (<c>GateAttribute.TimeoutMinutes</c>).</summary>
#if BUILDING_ROSLYN_COMPONENT
internal
#else
public
#endif
enum GateTimeout
{
    /// <summary>The item is rejected: it goes down the <c>Rejected&lt;T&gt;</c> route.</summary>
    Reject,

    /// <summary>The item is approved unchanged: it goes down the <c>Approved&lt;T&gt;</c> route.</summary>
    Approve,

    /// <summary>The item becomes a dead letter at the gate.</summary>
    DeadLetter,
}
