using System;
using Factory.Gates;

namespace Factory.Runtime;

/// <summary>
/// A gate in a <see cref="LinePlan"/>. In a worker, a material that reaches it is parked in the shared
/// ledger's gate store and reported to the run's exit (<see cref="RemoteOutput.Parked"/>); the caller's run
/// (<see cref="RemoteGates"/>) takes the decision from the store and sends the material on down the gate's
/// route (<see cref="SendOn"/>), as the gate's release does in process.
/// </summary>
internal abstract class GatePlan : StationPlan
{
    private protected GatePlan(StationDescriptor station, int index)
        : base(station, index)
    {
    }

    /// <summary>True when a route takes the gate's decision (only its cases, <c>Approved&lt;T&gt;</c> and <c>Rejected&lt;T&gt;</c>, cross the broker).</summary>
    public abstract bool Routed { get; }

    /// <summary>How the gate store reads the payloads parked here back as the gate's input type (for a resumed run's restore).</summary>
    public abstract GatePayloadCheck Check { get; }

    /// <summary>
    /// What a decided material becomes on the gate's route: messages to send on, and route dead letters
    /// and discards; or, for a timeout that dead-letters, <paramref name="letter"/>. <paramref name="parked"/> is
    /// the material as it entered the gate, from its notice (empty for one a resumed run holds again from the store).
    /// </summary>
    public abstract RemoteSends SendOn(DecidedItem decided, in MaterialInfo material, ReadOnlyMemory<byte> parked, RemoteScope scope, out DeadLetter? letter);
}
