using Factory.Ledger;

namespace Factory.RabbitMQ;

/// <summary>How a line's queues are bounded and how often a material may crash a worker.</summary>
public sealed record TopologyOptions
{
    /// <summary>
    /// How many times a material may be in a worker that dies (its delivery is returned unacknowledged)
    /// before the queue dead-letters it: the queue's <c>x-delivery-limit</c>. Failures a station throws
    /// are retried in the worker by the station's <c>MaxAttempts</c> and never count here. The ledger's
    /// crash limit by default (<see cref="CrashLimit.Default"/>).
    /// </summary>
    public int DeliveryLimit { get; init; } = CrashLimit.Default;

    /// <summary>
    /// The most messages a station's queue holds (<c>x-max-length</c>, with <c>x-overflow=reject-publish</c>):
    /// a publisher into a full queue is refused and waits, which is how a slow station holds back the
    /// ones before it. At least the station's <c>Capacity</c>.
    /// </summary>
    public int QueueLength { get; init; } = 10_000;
}
