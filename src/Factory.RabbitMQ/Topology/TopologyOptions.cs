using System.Collections.Generic;
using Factory.Ledger;

namespace Factory.RabbitMQ;

/// <summary>How a line's queues are bounded and how often a material may crash a worker.</summary>
public sealed record TopologyOptions
{
    /// <summary>
    /// How many times a material may be in a worker that dies (its delivery is returned unacknowledged)
    /// before the queue dead-letters it: the queue's <c>x-delivery-limit</c>, for every station that
    /// <see cref="DeliveryLimits"/> does not name. Failures a station throws are retried in the worker by
    /// the station's <c>MaxAttempts</c> and never count here. The ledger's crash limit by default
    /// (<see cref="CrashLimit.Default"/>).
    /// </summary>
    public int DeliveryLimit { get; init; } = CrashLimit.Default;

    /// <summary>
    /// The delivery limits of particular stations, by station path (<see cref="StationDescriptor.Path"/>),
    /// in place of <see cref="DeliveryLimit"/>: e.g. 1 for a station that calls native code which may take its
    /// worker down, so that a material doing that is a dead letter at its second crash; more for a station
    /// whose workers are stopped often. Every path must be a station of the line. A station's limit is a
    /// property of where it runs, not of its work, so it is set here and not on <c>[Station]</c>.
    /// </summary>
    public IReadOnlyDictionary<string, int> DeliveryLimits { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// The most messages a station's queue holds (<c>x-max-length</c>, with <c>x-overflow=reject-publish</c>):
    /// a publisher into a full queue is refused and waits, which is how a slow station holds back the
    /// ones before it. At least the station's <c>Capacity</c>.
    /// </summary>
    public int QueueLength { get; init; } = 10_000;

    /// <summary>
    /// The most materials of one run a message to a station's queue (or a run's exit) carries: what a publisher
    /// has at hand for that queue while its earlier messages there await their confirms goes in one message
    /// (nothing waits to fill one). The broker's work is per message, so this is the lever on throughput on a
    /// busy broker. 1 (the default): a message per material. With more, a queue's <see cref="QueueLength"/> and
    /// a worker's <c>Prefetch</c> count messages, not materials, and a worker takes a message's materials all at
    /// once: a line of slow stations spreads over its workers less evenly. Batch stations' queues always get a
    /// message per material.
    /// </summary>
    public int MaterialsPerMessage { get; init; } = 1;

    /// <summary>The delivery limit of <paramref name="station"/>'s queue: its own in <see cref="DeliveryLimits"/>, else <see cref="DeliveryLimit"/>.</summary>
    public int DeliveryLimitOf(StationDescriptor station)
    {
        System.ArgumentNullException.ThrowIfNull(station);
        return DeliveryLimits.TryGetValue(station.Path, out int limit) ? limit : DeliveryLimit;
    }
}
