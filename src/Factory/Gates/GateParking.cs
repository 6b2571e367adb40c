using System;

namespace Factory.Gates;

/// <summary>What the runtime hands a store when a material reaches a gate.</summary>
/// <param name="Key">Run, gate and material.</param>
/// <param name="Gate">The gate's descriptor (approvers, timeout, four eyes).</param>
/// <param name="Job">The job order the material runs under (tenant, submitter).</param>
/// <param name="Payload">The payload.</param>
/// <param name="Presented">What the approver sees.</param>
/// <param name="Check">How to judge an edited payload.</param>
public sealed record GateParking(GateItemKey Key, GateDescriptor Gate, JobOrder Job, object? Payload, object? Presented, GatePayloadCheck Check)
{
    /// <summary>How long the item may wait; null for no limit.</summary>
    public TimeSpan? Timeout => Gate.TimeoutMinutes > 0 ? TimeSpan.FromMinutes(Gate.TimeoutMinutes) : null;
}
