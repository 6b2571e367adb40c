using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using System.Text.Json.Serialization;
using Factory.Ledger;

namespace Factory.RabbitMQ;

/// <summary>What a <see cref="LineWorker"/> connects to, which stations it hosts, and where it records.</summary>
public sealed record LineWorkerOptions
{
    /// <summary>The broker, e.g. <c>amqp://user:password@broker:5672/</c>.</summary>
    public required Uri Broker { get; init; }

    /// <summary>The line's <c>[Distributed]</c> JSON context: it serializes every material that travels.</summary>
    public required JsonSerializerContext Json { get; init; }

    /// <summary>The paths of the stations to host (see <see cref="StationDescriptor.Path"/>); null hosts every station of the line.</summary>
    public IReadOnlyList<string>? Stations { get; init; }

    /// <summary>
    /// The shared ledger the worker records into, joining each run it processes
    /// (<see cref="LedgerObserveOptions.Join"/>) at full provenance: a station's record of success is what
    /// tells a redelivered material from a new one. Null records nothing and recognises no redelivery.
    /// </summary>
    public ILedger? Ledger { get; init; }

    /// <summary>
    /// The secrets of a job order, resolved by the worker itself (they never travel): given the job order
    /// as it arrived (id, tenant, permissions). Null: no secrets.
    /// </summary>
    public Func<JobOrder, JobSecrets>? Secrets { get; init; }

    /// <summary>Unacknowledged deliveries per station the broker gives this worker at once (its prefetch).</summary>
    public ushort Prefetch { get; init; } = 32;

    /// <summary>The line's queue options; every worker and caller of a line must use the same.</summary>
    public TopologyOptions? Topology { get; init; }

    /// <summary>The name the worker's connection shows in the broker's management tools.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// For tests: called after each output of a delivery is confirmed (the station, the input, the output's
    /// index). Throwing there is a worker dying between a split's parts: the delivery goes back to its queue.
    /// </summary>
    internal Func<StationDescriptor, MaterialInfo, int, Task>? PartSent { get; init; }
}
