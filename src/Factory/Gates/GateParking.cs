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

    /// <summary>The material's root (the position of its input), for a durable store to give it back.</summary>
    public long Root { get; init; }

    /// <summary>The material's parent's id, 0 for an input.</summary>
    public long ParentId { get; init; }

    /// <summary>The material's position: its input's, or its index among its parent's children.</summary>
    public long Sequence { get; init; }

    /// <summary>The material's trace (W3C <c>traceparent</c>), or null.</summary>
    public string? Trace { get; init; }

    /// <summary>
    /// What a durable store keeps of the payload: the payload without its <c>[Sensitive]</c> members (as
    /// a dead letter keeps it; null when every member is sensitive). Not given: the payload itself.
    /// </summary>
    public object? Kept
    {
        get;
        init
        {
            field = value;
            HasKept = true;
        }
    }

    /// <summary>True when <see cref="Kept"/> was given.</summary>
    public bool HasKept { get; private init; }
}
