using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Factory.RabbitMQ;

/// <summary>
/// Publishes persistent messages to queues and returns once the broker confirmed each. A queue that is
/// full (its <c>x-max-length</c> with <c>reject-publish</c>) refuses the message: the publisher waits and
/// tries again, which is how a slow station holds back whoever feeds it. A queue that does not exist
/// is an error (the message comes back unroutable), never a silent loss.
/// </summary>
internal sealed class ConfirmedPublisher : IAsyncDisposable
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(1);

    private readonly IChannel channel;

    private ConfirmedPublisher(IChannel channel)
    {
        this.channel = channel;
    }

    /// <summary>Refusals by a full queue so far: how often backpressure held a publish back.</summary>
    public long Refusals { get; private set; }

    public static async Task<ConfirmedPublisher> OpenAsync(IConnection connection, CancellationToken cancellationToken)
    {
        var options = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);
        return new ConfirmedPublisher(await connection.CreateChannelAsync(options, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Publishes <paramref name="body"/> to <paramref name="queue"/> and waits for the broker's confirm.</summary>
    public async Task PublishAsync(string queue, Dictionary<string, object?> headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            Headers = headers,
        };
        TimeSpan wait = FirstWait;
        while (true)
        {
            try
            {
                await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, body, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PublishException returned) when (returned.IsReturn)
            {
                throw new UnroutableException(queue, returned);
            }
            catch (PublishException)
            {
                // Nacked: the queue is full. Wait for its consumers to make room.
                Refusals++;
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWait.Ticks));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await channel.CloseAsync().ConfigureAwait(false);
        channel.Dispose();
    }
}
