using System;
using System.Collections.Generic;

namespace Factory.Gates;

/// <summary>A material parked at a gate, as deciders see it.</summary>
/// <param name="Key">Run, gate and material.</param>
/// <param name="Tenant">The job order's tenant: only actors acting for it may decide.</param>
/// <param name="Submitter">The job's submitter (<see cref="JobOrder.Submitter"/>), or null.</param>
/// <param name="Approvers">The permissions any one of which lets an actor decide.</param>
/// <param name="FourEyes">True when the submitter may not decide.</param>
/// <param name="Parked">When the material was parked (the store's clock).</param>
/// <param name="Deadline">When the gate's timeout decides instead; null for none.</param>
/// <param name="OnTimeout">What the timeout decides.</param>
/// <param name="Payload">The payload as parked.</param>
/// <param name="Presented">What the approver is shown: the gate's <c>Present</c>, or the payload.</param>
public sealed record GateItem(
    GateItemKey Key,
    string Tenant,
    string? Submitter,
    IReadOnlyList<string> Approvers,
    bool FourEyes,
    DateTimeOffset Parked,
    DateTimeOffset? Deadline,
    GateTimeout OnTimeout,
    object? Payload,
    object? Presented)
{
    /// <inheritdoc />
    public override string ToString() =>
        Deadline is { } deadline ? $"{Key}, waiting since {Parked:O}, until {deadline:O}" : $"{Key}, waiting since {Parked:O}";
}
