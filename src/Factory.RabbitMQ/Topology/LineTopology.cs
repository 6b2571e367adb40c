using System;
using System.Collections.Generic;
using System.Linq;

namespace Factory.RabbitMQ;

/// <summary>
/// What a line needs on the broker, derived from its generated <see cref="LineDescriptor"/>: a quorum
/// queue per station and one for its suspects, and a dead-letter exchange with its queue. A station's queue dead-letters at
/// least once (<c>x-dead-letter-strategy=at-least-once</c>, which RabbitMQ allows only with
/// <c>x-overflow=reject-publish</c>) once a material's deliveries pass the limit (see <see cref="SuspectQueues"/>). Each run adds an exit
/// (<see cref="ExitQueue"/>).
/// </summary>
public sealed class LineTopology
{
    private LineTopology(LineDescriptor line, TopologyOptions options, IReadOnlyList<QueueSpec> stations, IReadOnlyList<QueueSpec> suspects, QueueSpec deadLetters)
    {
        Line = line;
        Options = options;
        StationQueues = stations;
        SuspectQueues = suspects;
        DeadLetterQueue = deadLetters;
    }

    /// <summary>The line.</summary>
    public LineDescriptor Line { get; }

    /// <summary>The options the queues were derived with.</summary>
    public TopologyOptions Options { get; }

    /// <summary>The queue in front of each station, in the line's station order.</summary>
    public IReadOnlyList<QueueSpec> StationQueues { get; }

    /// <summary>
    /// The queue of each station's suspects, in the line's station order: a material its station's queue delivers again
    /// is never run from there but moved here, and run here by a worker that takes one suspect at a time, so that a
    /// worker dying on one brings back only that one. Its <c>x-delivery-limit</c> is the station's delivery limit;
    /// the station's own queue has one more, as a backstop (a material runs there only on its first delivery; a worker
    /// that dies while moving one on raises its count too).
    /// </summary>
    public IReadOnlyList<QueueSpec> SuspectQueues { get; }

    /// <summary>The fanout exchange the station queues dead-letter into.</summary>
    public string DeadLetterExchange => BrokerNames.DeadLetterExchange(Line);

    /// <summary>The fanout exchange runs are paused, resumed and cancelled on: each worker binds a queue of its own to it.</summary>
    public string ControlExchange => BrokerNames.ControlExchange(Line);

    /// <summary>The queue the dead-letter exchange fills.</summary>
    public QueueSpec DeadLetterQueue { get; }

    /// <summary>Derives the topology of <paramref name="line"/>.</summary>
    public static LineTopology For(LineDescriptor line, TopologyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        options ??= new TopologyOptions();
        if (options.DeliveryLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DeliveryLimit, $"Line '{line.Name}': the delivery limit must be at least 1.");
        }

        foreach ((string path, int limit) in options.DeliveryLimits)
        {
            if (!line.Stations.Any(station => station.Path == path))
            {
                throw new ArgumentException(
                    $"Line '{line.Name}' has no station '{path}' to give a delivery limit of its own; its stations: {string.Join(", ", line.Stations.Select(station => station.Path))}.", nameof(options));
            }

            if (limit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), limit, $"Line '{line.Name}', station '{path}': the delivery limit must be at least 1.");
            }
        }

        if (options.MaterialsPerMessage is < 1 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaterialsPerMessage, $"Line '{line.Name}': the materials per message must be from 1 to {ushort.MaxValue}.");
        }

        if (options.QueueLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.QueueLength, $"Line '{line.Name}': the queue length must be at least 1.");
        }

        string exchange = BrokerNames.DeadLetterExchange(line);
        QueueSpec[] stations = line.Stations
            .Select(station => new QueueSpec(BrokerNames.StationQueue(line, station), StationArguments(station, exchange, options, options.DeliveryLimitOf(station) + 1)))
            .ToArray();
        QueueSpec[] suspects = line.Stations
            .Select(station => new QueueSpec(BrokerNames.SuspectQueue(line, station), StationArguments(station, exchange, options, options.DeliveryLimitOf(station))))
            .ToArray();
        var deadLetters = new QueueSpec(BrokerNames.DeadLetterQueue(line), Quorum());
        return new LineTopology(line, options, stations, suspects, deadLetters);
    }

    /// <summary>The queue in front of <paramref name="station"/>.</summary>
    public QueueSpec QueueOf(StationDescriptor station) => StationQueues[IndexOf(station)];

    /// <summary>The queue of <paramref name="station"/>'s suspects.</summary>
    public QueueSpec SuspectQueueOf(StationDescriptor station) => SuspectQueues[IndexOf(station)];

    private int IndexOf(StationDescriptor station)
    {
        for (int i = 0; i < Line.Stations.Count; i++)
        {
            if (ReferenceEquals(Line.Stations[i], station) || Line.Stations[i].Path == station.Path)
            {
                return i;
            }
        }

        throw new ArgumentException($"Station '{station.Path}' is not a station of line '{Line.Name}'.", nameof(station));
    }

    /// <summary>The exit of run <paramref name="runId"/>: a quorum queue its caller reads outputs and outcomes from, deleted when the run ends.</summary>
    public QueueSpec ExitQueue(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return new QueueSpec(ExitQueueName(runId), Quorum());
    }

    /// <summary>The name of <see cref="ExitQueue"/>, without making its arguments: what a publisher to it needs, once per outcome.</summary>
    public string ExitQueueName(string runId) => BrokerNames.ExitQueue(Line, runId);

    private static SortedDictionary<string, object> StationArguments(StationDescriptor station, string deadLetterExchange, TopologyOptions options, int deliveryLimit)
    {
        SortedDictionary<string, object> arguments = Quorum();
        arguments["x-dead-letter-exchange"] = deadLetterExchange;
        arguments["x-dead-letter-strategy"] = "at-least-once";
        arguments["x-overflow"] = "reject-publish";
        arguments["x-delivery-limit"] = deliveryLimit;
        arguments["x-max-length"] = Math.Max(options.QueueLength, station.Options.Capacity);
        return arguments;
    }

    private static SortedDictionary<string, object> Quorum() => new(StringComparer.Ordinal) { ["x-queue-type"] = "quorum" };
}
