using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Factory.RabbitMQ;

/// <summary>
/// Declares a line's topology, idempotently: what exists with the same arguments is left as it is;
/// a queue that exists with other arguments is a <see cref="TopologyMismatchException"/> naming the
/// queue and each differing argument, not a channel closed with a bare 406.
/// </summary>
public static class TopologyDeclarer
{
    private const ushort PreconditionFailed = 406;

    // RabbitMQ checks a handful of arguments; more refusals than that for one queue means the broker is not making progress.
    private const int MostDifferences = 16;

    /// <summary>Declares the dead-letter exchange and queue, and a queue per station and one for its suspects.</summary>
    /// <exception cref="TopologyMismatchException">A queue exists with other arguments.</exception>
    public static async Task DeclareAsync(IConnection connection, LineTopology topology, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(topology);
        await DeclareQueueAsync(connection, topology.DeadLetterQueue, cancellationToken).ConfigureAwait(false);
        IChannel channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            await channel.ExchangeDeclareAsync(topology.DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueBindAsync(topology.DeadLetterQueue.Name, topology.DeadLetterExchange, routingKey: string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.ExchangeDeclareAsync(topology.ControlExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (QueueSpec queue in topology.StationQueues.Concat(topology.SuspectQueues))
        {
            await DeclareQueueAsync(connection, queue, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Declares one durable queue with its arguments.</summary>
    /// <exception cref="TopologyMismatchException">It exists with other arguments.</exception>
    public static async Task DeclareQueueAsync(IConnection connection, QueueSpec queue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(queue);

        // The broker names one differing argument per refusal: agree with it on that one and declare again
        // (each try on a channel of its own, since a refusal closes the channel) until it accepts, so that
        // the error names them all.
        var declared = new Dictionary<string, object?>(queue.Arguments.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, object> argument in queue.Arguments)
        {
            declared[argument.Key] = argument.Value;
        }

        var differences = new List<ArgumentDifference>();
        while (true)
        {
            string? refusal = await TryDeclareAsync(connection, queue.Name, declared, cancellationToken).ConfigureAwait(false);
            if (refusal is null)
            {
                if (differences.Count > 0)
                {
                    throw new TopologyMismatchException(queue.Name, differences);
                }

                return;
            }

            if (!Inequivalence.TryRead(refusal, out ArgumentDifference difference, out string current))
            {
                throw new InvalidOperationException($"The broker refused to declare queue '{queue.Name}': {refusal}");
            }

            differences.Add(difference);
            if (differences.Count >= MostDifferences || !Inequivalence.Agree(declared, difference, current))
            {
                throw new TopologyMismatchException(queue.Name, differences);
            }
        }
    }

    /// <summary>Declares the queue; the broker's refusal text when it refuses with 406, else null.</summary>
    private static async Task<string?> TryDeclareAsync(IConnection connection, string name, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        IChannel channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            try
            {
                await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (OperationInterruptedException refused) when (refused.ShutdownReason?.ReplyCode == PreconditionFailed)
            {
                return refused.ShutdownReason.ReplyText;
            }
        }
    }
}
