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
/// is an error (the message comes back unroutable), never a silent loss. A publish the connection's
/// loss interrupts is made again once the connection has recovered (automatic recovery): the broker may
/// then hold it twice, which is at-least-once delivery; whoever reads it keeps one.
/// </summary>
internal sealed class ConfirmedPublisher : IAsyncDisposable
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(1);

    // A confirm lost with its connection never comes: after this long the publish counts as interrupted and is made again.
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(10);

    private static readonly CreateChannelOptions Confirmed = new(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);

    private readonly IConnection connection;
    private readonly SemaphoreSlim reopening = new(1, 1);
    private IChannel channel;

    private readonly bool recovers;

    private ConfirmedPublisher(IConnection connection, IChannel channel, bool recovers)
    {
        this.connection = connection;
        this.channel = channel;
        this.recovers = recovers;
    }

    /// <summary>Refusals by a full queue so far: how often backpressure held a publish back.</summary>
    public long Refusals { get; private set; }

    /// <summary>Publishes the connection's loss interrupted, made again after its recovery.</summary>
    public long Interruptions { get; private set; }

    /// <summary>
    /// A publisher on a channel of its own. <paramref name="recovers"/>: the connection recovers by itself,
    /// so a publish its loss interrupts waits for it; else the loss is thrown (whoever owns the connection
    /// makes a new one).
    /// </summary>
    public static async Task<ConfirmedPublisher> OpenAsync(IConnection connection, bool recovers, CancellationToken cancellationToken) =>
        new(connection, await connection.CreateChannelAsync(Confirmed, cancellationToken).ConfigureAwait(false), recovers);

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
            IChannel publishing = channel;
            using var confirming = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            confirming.CancelAfter(ConfirmTimeout);
            try
            {
                await publishing.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, body, confirming.Token).ConfigureAwait(false);
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
            }
            catch (Exception lost) when (lost is AlreadyClosedException or OperationInterruptedException or OperationCanceledException
                && !cancellationToken.IsCancellationRequested && (recovers || connection.IsOpen))
            {
                // The connection is gone for now: the client recovers it (and this channel) by itself; a channel
                // still closed once the connection is back did not recover, and is replaced.
                Interruptions++;
                await ReopenIfLostAsync(publishing, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestWait.Ticks));
        }
    }

    /// <summary>
    /// Publishes a headers-only message to the fanout <paramref name="exchange"/> and waits for the
    /// broker's confirm: every queue bound to it gets one; none bound (no worker) is not an error.
    /// </summary>
    public async Task BroadcastAsync(string exchange, Dictionary<string, object?> headers, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties { Headers = headers };
        using var confirming = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        confirming.CancelAfter(ConfirmTimeout);
        await channel.BasicPublishAsync(exchange, string.Empty, mandatory: false, properties, ReadOnlyMemory<byte>.Empty, confirming.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Channels.CloseQuietlyAsync(channel).ConfigureAwait(false);
        reopening.Dispose();
    }

    private async Task ReopenIfLostAsync(IChannel lost, CancellationToken cancellationToken)
    {
        if (lost.IsOpen || !connection.IsOpen)
        {
            return;
        }

        await reopening.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (ReferenceEquals(channel, lost) && !lost.IsOpen && connection.IsOpen)
            {
                channel = await connection.CreateChannelAsync(Confirmed, cancellationToken).ConfigureAwait(false);
                await Channels.CloseQuietlyAsync(lost).ConfigureAwait(false);
            }
        }
        finally
        {
            reopening.Release();
        }
    }
}
