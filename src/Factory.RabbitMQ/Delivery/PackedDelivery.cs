using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Factory.RabbitMQ;

/// <summary>
/// A station's delivery that holds several materials (<see cref="MaterialPack"/>). Each material is worked
/// on as a delivery of its own would be (its station run, its outputs sent on and confirmed, its attempts
/// recorded and flushed), all at once, within the station's <c>Parallelism</c>; the message is acknowledged
/// once every one is. A pack the broker gives again never gets here: its materials go to the station's suspects,
/// each alone (<see cref="Suspects"/>), so that a poison among them does not take the others towards the delivery
/// limit. A material of a pack that fails here for a reason not the station's (the ledger, the broker, the message)
/// goes back to the queue alone, marked a repeat; the others are done.
/// </summary>
internal sealed class PackedDelivery(string queue, Func<PackedMaterial, Task> work, ILogger logger, CancellationToken stopping)
{
    private long sentAlone;

    /// <summary>Materials of packs that failed here sent back to the queue a material a message so far.</summary>
    public long SentAlone => Interlocked.Read(ref sentAlone);

    /// <summary>
    /// Works on <paramref name="materials"/>; returns how many were done here. Throws when the worker stops or its
    /// connection is lost: the pack stays unacknowledged.
    /// </summary>
    public async Task<int> DeliveredAsync(IReadOnlyList<PackedMaterial> materials, ConfirmedPublisher publisher)
    {
        var failed = new ConcurrentQueue<PackedMaterial>();
        await Task.WhenAll(materials.Select(material => WorkAsync(material, failed))).ConfigureAwait(false);
        if (!failed.IsEmpty)
        {
            await SendAloneAsync(failed.ToArray(), publisher).ConfigureAwait(false);
        }

        return materials.Count - failed.Count;
    }

    private async Task WorkAsync(PackedMaterial material, ConcurrentQueue<PackedMaterial> failed)
    {
        try
        {
            await work(material).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception lost) when (Channels.IsConnectionLoss(lost))
        {
            throw;
        }
        catch (Factory.Ledger.LedgerException refused) when (refused.RunRefused)
        {
            // The ledger refused the run (it ended, or never was, in this ledger): nobody waits for its materials. A failure of
            // the ledger itself is not this: it goes on below, as one the worker could not process.
            logger.LogWarning("A material is dropped: {Reason}", refused.Message);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "A material of a pack from {Queue} could not be processed; it goes back to the queue alone", queue);
            failed.Enqueue(material);
        }
    }

    /// <summary>Publishes each material to the queue as a message of its own, marked a repeat, and waits for every confirm.</summary>
    private async Task SendAloneAsync(IReadOnlyList<PackedMaterial> materials, ConfirmedPublisher publisher)
    {
        await Task.WhenAll(materials.Select(material =>
        {
            var headers = new Dictionary<string, object?>(material.Headers!, StringComparer.Ordinal) { [MessageHeaders.Repeat] = 1 };
            return publisher.PublishAsync(queue, headers, material.Body, stopping);
        })).ConfigureAwait(false);
        Interlocked.Add(ref sentAlone, materials.Count);
    }
}
