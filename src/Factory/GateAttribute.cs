using System;

namespace Factory;

/// <summary>
/// The options of a gate: a station whose work is a person's decision. Write it as
/// <c>[Gate&lt;TPayload&gt;(Approvers = "refunds:approve", TimeoutMinutes = 240)]</c> on a <c>partial</c>
/// class (<c>GateAttribute&lt;TPayload&gt;</c>); this base holds what every gate has, and cannot be
/// written on its own.
/// </summary>
#if BUILDING_ROSLYN_COMPONENT
internal
#else
public
#endif
abstract class GateAttribute : Attribute
{
    /// <summary>The gate's name in descriptors, reports and the store. Default: the class name.</summary>
    public string? Name { get; set; }

    /// <summary>The gate's version, recorded with every decision. Default "1".</summary>
    public string Version { get; set; } = StationDefaults.Version;

    /// <summary>
    /// Who may decide: a comma-separated list of permissions; an actor holding any one of them for the
    /// item's tenant may approve or reject. Must not be empty (FCT0027).
    /// </summary>
    public string Approvers { get; set; } = string.Empty;

    /// <summary>
    /// Minutes an item may wait for a decision, from the moment it is parked; then <c>OnTimeout</c>
    /// decides and a late decision is refused. 0 (the default) means it waits for ever (FCT0028 warns).
    /// </summary>
    public int TimeoutMinutes { get; set; }

    /// <summary>What a timeout decides. Default <c>GateTimeout.Reject</c>.</summary>
    public GateTimeout OnTimeout { get; set; } = GateTimeout.Reject;

    /// <summary>True when the job's submitter (<c>JobOrder.Submitter</c>) may not decide their own items.</summary>
    public bool FourEyes { get; set; }
}
