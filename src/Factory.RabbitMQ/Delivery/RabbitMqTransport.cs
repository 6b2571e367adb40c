using System;
using System.Text.Json.Serialization;
using Factory.Runtime;
using RabbitMQ.Client;

namespace Factory.RabbitMQ;

/// <summary>
/// Runs a line's stations on RabbitMQ: name it in <see cref="RunOptions.Transport"/> and the caller's
/// <c>Start</c>/<c>RunAsync</c> publish the inputs to the first station's queue and read the outputs
/// from the run's exit queue, while <see cref="LineWorker"/>s in any number of processes run the
/// stations. The line's topology is declared (idempotently) when a run starts.
/// </summary>
public sealed class RabbitMqTransport : LineTransport
{
    private readonly IConnection connection;
    private readonly JsonSerializerContext json;
    private readonly TopologyOptions? topology;

    /// <summary>A transport over <paramref name="connection"/>, serializing materials with <paramref name="json"/> (the line's <c>[Distributed]</c> context).</summary>
    public RabbitMqTransport(IConnection connection, JsonSerializerContext json, TopologyOptions? topology = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(json);
        this.connection = connection;
        this.json = json;
        this.topology = topology;
    }

    /// <summary>
    /// The first station's queue bound (<see cref="TopologyOptions.QueueLength"/>) and the caller's window of
    /// publishes awaiting confirms: what the queue holds before it refuses more, so a caller never holds more
    /// outputs waiting for an earlier input's than its queue could.
    /// </summary>
    public override int MaxOpenInputs => (topology ?? new TopologyOptions()).QueueLength + CallerEnd<object, object>.WindowOf(topology ?? new TopologyOptions());

    /// <inheritdoc />
    public override IRemoteEntry<TIn> Open<TIn, TOut>(RemoteRun<TOut> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Plan.Check(json);
        return new CallerEnd<TIn, TOut>(connection, json, LineTopology.For(run.Plan.Line, topology), run);
    }
}
