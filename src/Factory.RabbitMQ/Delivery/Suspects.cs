using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Factory.RabbitMQ;

/// <summary>
/// A station's suspects: materials its queue delivered before. When a worker dies (or loses its connection), the
/// broker returns every delivery it held unacknowledged with its delivery count raised, the guilty one and the
/// innocent alike, so a count from the station's queue says little. Such a delivery is therefore never run there:
/// each of its materials is moved (published, confirmed, then the delivery acknowledged) to the station's suspects
/// queue, carrying the crashes counted so far (<see cref="MessageHeaders.Crashes"/>: 1, since a material runs in the
/// station's queue only on its first delivery). Every worker takes its suspects one at a time, on a channel of their
/// own, so a worker dying on one returns only that one: its crashes are the header's plus the suspects queue's
/// <c>x-delivery-count</c>, and one past the station's delivery limit is a dead letter (<see cref="LimitLetter"/>)
/// without running again. Nothing is given back to the broker by the worker: on RabbitMQ 3.10 every return raises
/// the count, whatever its cause. A worker runs no suspect it is still moving itself: one that died running it
/// before acknowledging the move would have the station's queue give the delivery again, moved again with 1 crash,
/// and the material would run once more than its limit allows.
/// </summary>
internal sealed class Suspects(
    StationDescriptor station,
    LineTopology topology,
    LimitLetter letters,
    Func<PackedMaterial, Task> work,
    Func<PackedMaterial, Task<bool>> doneBefore,
    ILogger logger,
    CancellationToken stopping)
{
    private const string DeliveryCount = "x-delivery-count";

    private readonly string queue = topology.SuspectQueueOf(station).Name;
    private readonly int limit = topology.Options.DeliveryLimitOf(station);
    private readonly ConcurrentDictionary<(string Run, long Material), TaskCompletionSource> moving = new();
    private Consumption? consumption;
    private ConfirmedPublisher? publisher;
    private long ran;
    private long made;
    private long redelivered;
    private long sentAlone;

    /// <summary>Materials of deliveries given again, moved here so far: a pack counts each of its materials.</summary>
    public long Redelivered => Interlocked.Read(ref redelivered);

    /// <summary>Materials of packs given again, moved here a material a message.</summary>
    public long SentAlone => Interlocked.Read(ref sentAlone);

    /// <summary>Suspects run (or recognised as done) and acknowledged so far.</summary>
    public long Ran => Interlocked.Read(ref ran);

    /// <summary>Suspects past the station's delivery limit made dead letters so far.</summary>
    public long Letters => Interlocked.Read(ref made);

    /// <summary>True for a delivery of the station's queue that was delivered before: its materials are moved, not run.</summary>
    public static bool WasDelivered(BasicDeliverEventArgs delivery) => delivery.Redelivered || Count(delivery.BasicProperties.Headers, DeliveryCount) > 0;

    public async Task StartAsync(IConnection connection)
    {
        publisher = await ConfirmedPublisher.OpenAsync(connection, recovers: false, stopping).ConfigureAwait(false);

        // One at a time: a worker that dies on a suspect brings back no other.
        consumption = new Consumption(queue, 1, 1, SuspectedAsync, logger);
        await consumption.StartAsync(connection, stopping).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (consumption is not null)
        {
            await consumption.DisposeAsync().ConfigureAwait(false);
        }

        if (publisher is not null)
        {
            await publisher.DisposeAsync().ConfigureAwait(false);
            publisher = null;
        }
    }

    /// <summary>
    /// A delivery of the station's queue <paramref name="from"/> given again (or failed there): its materials are moved
    /// here, each alone, and only then it is acknowledged. Left unacknowledged when that fails (the worker stops, the
    /// connection is lost, the message is unreadable).
    /// </summary>
    public async Task MoveDeliveryAsync(IChannel taking, BasicDeliverEventArgs delivery, string from, ConfirmedPublisher by)
    {
        List<(string Run, long Material)> mine = [];
        try
        {
            IReadOnlyList<PackedMaterial> materials = MaterialPack.Read(delivery.BasicProperties.Headers, delivery.Body);
            foreach (PackedMaterial material in materials)
            {
                (string Run, long Material) key = Key(material.Headers);
                if (moving.TryAdd(key, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)))
                {
                    mine.Add(key);
                }
            }

            Interlocked.Add(ref redelivered, materials.Count);
            await MoveAsync(materials, queue, by, stopping).ConfigureAwait(false);
            if (materials.Count > 1)
            {
                Interlocked.Add(ref sentAlone, materials.Count);
            }

            await taking.BasicAckAsync(delivery.DeliveryTag, multiple: false, stopping).ConfigureAwait(false);
            await AckArrivedAsync(taking, from).ConfigureAwait(false);
        }
        catch (Exception failed) when (failed is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // Unreadable, or the broker refused: left to the broker, whose delivery limit on the station's queue ends it.
            logger.LogError(failed, "A delivery of station {Station} from {Queue} could not be moved to the suspects; it stays unacknowledged", station.Path, from);
            if (taking.IsOpen && !Channels.IsConnectionLoss(failed))
            {
                await taking.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The worker stops: the delivery goes back to its queue unacknowledged, for another worker.
        }
        finally
        {
            foreach ((string Run, long Material) key in mine)
            {
                if (moving.TryRemove(key, out TaskCompletionSource? moved))
                {
                    moved.TrySetResult();
                }
            }
        }
    }

    /// <summary>
    /// The client queues an ack and returns: a call the broker answers on the same channel, which it handles in order,
    /// says the ack is there before this worker runs the suspects it moved. The move is done either way: should the
    /// call fail, the suspects only run without that assurance.
    /// </summary>
    private async Task AckArrivedAsync(IChannel taking, string from)
    {
        try
        {
            await taking.QueueDeclarePassiveAsync(from, stopping).ConfigureAwait(false);
        }
        catch (Exception failed) when (failed is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            logger.LogWarning(failed, "Station {Station}'s move to the suspects is acknowledged, but the broker did not answer the call after it", station.Path);
        }
    }

    /// <summary>Publishes each material to <paramref name="suspects"/> as a message of its own with 1 crash, and waits for every confirm.</summary>
    public static async Task MoveAsync(IReadOnlyList<PackedMaterial> materials, string suspects, ConfirmedPublisher by, CancellationToken cancellationToken) =>
        await Task.WhenAll(materials.Select(material => by.PublishAsync(suspects, Headers(material.Headers, 1), material.Body, cancellationToken))).ConfigureAwait(false);

    private async Task SuspectedAsync(IChannel taking, BasicDeliverEventArgs delivery)
    {
        IDictionary<string, object?>? headers = delivery.BasicProperties.Headers;
        long crashes = Count(headers, MessageHeaders.Crashes) + Count(headers, DeliveryCount);
        try
        {
            var suspect = new PackedMaterial(headers, delivery.Body);
            if (crashes <= limit)
            {
                // Moved by this worker a moment ago: its move is acknowledged before it runs here.
                if (moving.TryGetValue(Key(headers), out TaskCompletionSource? move))
                {
                    await move.Task.WaitAsync(stopping).ConfigureAwait(false);
                }

                await work(suspect).ConfigureAwait(false);
                Interlocked.Increment(ref ran);
            }
            else if (await doneBefore(suspect).ConfigureAwait(false))
            {
                // It ran, and its outputs went on, but its worker died (or stopped) before acknowledging it: no dead letter.
                Interlocked.Increment(ref ran);
            }
            else
            {
                await letters.SendAsync(headers, station, publisher!).ConfigureAwait(false);
                Interlocked.Increment(ref made);
            }

            // Not cancellable once its work is done: an acknowledgement left out would count as a crash.
            await taking.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The worker stops: the suspect goes back to its queue unacknowledged, for another worker.
        }
        catch (Factory.Ledger.LedgerException refused) when (refused.RunRefused)
        {
            // The ledger refused the run (it ended, or never was, in this ledger): nobody waits for its materials. A failure of
            // the ledger itself is not this: it goes on below, as one the worker could not process.
            logger.LogWarning("A material is dropped: {Reason}", refused.Message);
            await taking.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception lost) when (Channels.IsConnectionLoss(lost))
        {
            // The connection went: the suspect is the broker's again.
        }
        catch (Exception exception)
        {
            // Not the station's failure (that is a dead letter): the broker, the ledger or the message. Counted as a crash and
            // published again a second later, so that one that keeps failing ends at the limit too, then acknowledged.
            logger.LogError(exception, "A suspect of station {Station} could not be processed; it goes back to {Queue}", station.Path, queue);
            await AgainAsync(taking, delivery, crashes + 1).ConfigureAwait(false);
        }
    }

    private async Task AgainAsync(IChannel taking, BasicDeliverEventArgs delivery, long crashes)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
            await publisher!.PublishAsync(queue, Headers(delivery.BasicProperties.Headers, crashes), delivery.Body, stopping).ConfigureAwait(false);
            await taking.BasicAckAsync(delivery.DeliveryTag, multiple: false, stopping).ConfigureAwait(false);
        }
        catch (Exception failed) when (failed is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // Not even that: returned to the broker (which counts it, as a crash), so that this channel takes suspects again.
            logger.LogError(failed, "A suspect of station {Station} could not be published again; it is returned to {Queue}", station.Path, queue);
            if (taking.IsOpen)
            {
                await taking.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The worker stops: the suspect goes back to its queue unacknowledged.
        }
    }

    /// <summary>Every header of the material but the broker's own (<c>x-</c>: its delivery count, its deaths), with <paramref name="crashes"/>.</summary>
    private static Dictionary<string, object?> Headers(IDictionary<string, object?>? headers, long crashes)
    {
        var moved = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach ((string name, object? value) in headers ?? new Dictionary<string, object?>())
        {
            if (!name.StartsWith("x-", StringComparison.Ordinal))
            {
                moved[name] = value;
            }
        }

        moved[MessageHeaders.Crashes] = crashes;
        return moved;
    }

    /// <summary>The run and material a material's headers name.</summary>
    private static (string Run, long Material) Key(IDictionary<string, object?>? headers) =>
        (MessageHeaders.RequiredText(headers, MessageHeaders.RunId), MessageHeaders.Long(headers, MessageHeaders.MaterialId));

    /// <summary>A count header (0 when absent).</summary>
    private static long Count(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.ContainsKey(name) ? MessageHeaders.Long(headers, name) : 0;
}
