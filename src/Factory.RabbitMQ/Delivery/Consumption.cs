using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Factory.RabbitMQ;

/// <summary>
/// A consumer of one queue on a channel of its own, that stays consuming: RabbitMQ.Client's topology
/// recovery brings consumers back after a lost connection, but not one whose queue was not ready yet
/// when the broker came back (a restarted broker's quorum queues elect their leaders first). Checked
/// now and then (<see cref="CheckAsync"/>), a consumer seen not consuming twice in a row consumes again
/// on a new channel. Closed, it first waits (up to <see cref="DrainLimit"/>) for the deliveries it is handling:
/// a worker that stops is cancelled in what can still be given back, and finishes what cannot (recording and
/// acknowledging a material whose outputs went on), so a stop is not a crash.
/// </summary>
internal sealed class Consumption(string queue, ushort prefetch, ushort concurrency, Func<IChannel, BasicDeliverEventArgs, Task> deliver, ILogger logger)
{
    /// <summary>How long closing waits for the deliveries being handled.</summary>
    public static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    private IChannel? channel;
    private AsyncEventingBasicConsumer? consumer;
    private int idleChecks;
    private int handling;

    /// <summary>The queue.</summary>
    public string Queue => queue;

    /// <summary>True while registered with the broker on an open channel.</summary>
    public bool IsConsuming => channel is { IsOpen: true } && consumer is { IsRunning: true };

    /// <summary>Times it consumed again after recovery had not brought it back.</summary>
    public long Restarts { get; private set; }

    public async Task StartAsync(IConnection connection, CancellationToken cancellationToken)
    {
        if (channel is not null)
        {
            await Channels.CloseQuietlyAsync(channel).ConfigureAwait(false);
        }

        IChannel taking = await connection.CreateChannelAsync(new CreateChannelOptions(false, false, consumerDispatchConcurrency: concurrency), cancellationToken).ConfigureAwait(false);
        await taking.BasicQosAsync(0, Math.Max(prefetch, concurrency), global: false, cancellationToken).ConfigureAwait(false);
        var consuming = new AsyncEventingBasicConsumer(taking);
        consuming.ReceivedAsync += (_, delivery) => HandleAsync(taking, delivery);
        await taking.BasicConsumeAsync(queue, autoAck: false, consuming, cancellationToken).ConfigureAwait(false);
        (channel, consumer) = (taking, consuming);
    }

    /// <summary>Consumes again when seen not consuming twice in a row while the connection is open; true when it did.</summary>
    public async Task<bool> CheckAsync(IConnection connection, CancellationToken cancellationToken)
    {
        if (!connection.IsOpen || IsConsuming)
        {
            idleChecks = 0;
            return false;
        }

        if (++idleChecks < 2)
        {
            return false;
        }

        idleChecks = 0;
        logger.LogWarning("The consumer of {Queue} was not consuming after the connection came back; it consumes again", queue);
        await StartAsync(connection, cancellationToken).ConfigureAwait(false);
        Restarts++;
        return true;
    }

    /// <summary>Checks every <paramref name="period"/> until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task WatchAsync(IConnection connection, TimeSpan period, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, cancellationToken).ConfigureAwait(false);
                await CheckAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception lost) when (Channels.IsConnectionLoss(lost))
            {
                // The connection went again: the next round tries once it is back.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref handling) > 0 && waiting.Elapsed < DrainLimit)
        {
            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
        }

        if (channel is not null)
        {
            await Channels.CloseQuietlyAsync(channel).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(IChannel taking, BasicDeliverEventArgs delivery)
    {
        Interlocked.Increment(ref handling);
        try
        {
            await deliver(taking, delivery).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref handling);
        }
    }
}
