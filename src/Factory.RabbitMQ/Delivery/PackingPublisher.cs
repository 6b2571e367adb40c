using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.RabbitMQ;

/// <summary>
/// Publishes materials with several to a message where they are at hand: those of one run bound for one
/// queue that wait while <see cref="InFlight"/> messages to that queue await their confirms go together in
/// the next message (<see cref="MaterialPack"/>), up to <c>materials</c> and <see cref="MostBytes"/>. Nothing
/// waits to fill a message (no linger): a material sent when fewer are in flight goes at once, alone, so
/// packing costs no latency and grows with the load, like a batch station with no <c>BatchWaitMs</c>.
/// Each material's task completes once the broker confirmed the message it went in.
/// </summary>
internal sealed class PackingPublisher(ConfirmedPublisher publisher, int materials, Func<string, bool> packs, CancellationToken stopping)
{
    /// <summary>Messages to one queue of one run awaiting their confirms at once; what comes meanwhile waits to go in the next.</summary>
    public const int InFlight = 4;

    /// <summary>The most a message's body holds, about: far below the broker's frame and message limits.</summary>
    public const int MostBytes = 256 * 1024;

    private readonly Dictionary<(string Queue, string Run), Lane> lanes = [];

    /// <summary>A packing publisher for <paramref name="topology"/>'s line: its <c>MaterialsPerMessage</c>, batch stations' queues a message per material.</summary>
    public static PackingPublisher For(ConfirmedPublisher publisher, LineTopology topology, CancellationToken stopping)
    {
        var batches = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < topology.Line.Stations.Count; i++)
        {
            if (topology.Line.Stations[i].Options.IsBatch)
            {
                batches.Add(topology.StationQueues[i].Name);
            }
        }

        return new PackingPublisher(publisher, topology.Options.MaterialsPerMessage, queue => !batches.Contains(queue), stopping);
    }

    /// <summary>Publishes the material of run <paramref name="run"/> (a message of its own, or in a pack) and completes once the broker confirmed it.</summary>
    public Task PublishAsync(string queue, string run, Dictionary<string, object?> headers, ReadOnlyMemory<byte> body)
    {
        if (materials <= 1 || !packs(queue))
        {
            return publisher.PublishAsync(queue, headers, body, stopping);
        }

        var waiting = new Waiting(new PackedMaterial(headers, body));
        lock (lanes)
        {
            if (!lanes.TryGetValue((queue, run), out Lane? lane))
            {
                lanes[(queue, run)] = lane = new Lane(queue, run);
            }

            lane.Pending.Enqueue(waiting);
            SendWhatFitsLocked(lane);
        }

        return waiting.Task;
    }

    /// <summary>Starts messages of what waits while the lane has room in flight.</summary>
    private void SendWhatFitsLocked(Lane lane)
    {
        while (lane.Sending < InFlight && lane.Pending.Count > 0)
        {
            var message = new List<Waiting>(Math.Min(lane.Pending.Count, materials));
            int bytes = 0;
            while (lane.Pending.Count > 0 && message.Count < materials)
            {
                Waiting next = lane.Pending.Peek();
                int size = MaterialPack.SizeOf(next.Material.Headers!, next.Material.Body);
                if (message.Count > 0 && bytes + size > MostBytes)
                {
                    break;
                }

                message.Add(lane.Pending.Dequeue());
                bytes += size;
            }

            lane.Sending++;
            _ = SendAsync(lane, message);
        }

        if (lane.Sending == 0 && lane.Pending.Count == 0)
        {
            lanes.Remove((lane.Queue, lane.Run));
        }
    }

    private async Task SendAsync(Lane lane, List<Waiting> message)
    {
        Exception? failed = null;
        try
        {
            // Off the caller's stack: the lock is released, and the material's sender returns at once.
            await Task.Yield();
            if (message.Count == 1)
            {
                PackedMaterial alone = message[0].Material;
                await publisher.PublishAsync(lane.Queue, (Dictionary<string, object?>)alone.Headers!, alone.Body, stopping).ConfigureAwait(false);
            }
            else
            {
                (Dictionary<string, object?> headers, byte[] rented, int length) = MaterialPack.WriteRented(message.ConvertAll(waiting => waiting.Material));
                try
                {
                    await publisher.PublishAsync(lane.Queue, headers, rented.AsMemory(0, length), stopping).ConfigureAwait(false);
                }
                finally
                {
                    // The client has framed the body by the time its publish returns, confirmed or not.
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
        catch (Exception exception)
        {
            failed = exception;
        }

        lock (lanes)
        {
            lane.Sending--;
            SendWhatFitsLocked(lane);
        }

        // The next message is under way: now each material's sender goes on, here, one after the other (a thread-pool
        // hop a message rather than one a material; what they run next is short: a record, a flush asked, a window released).
        foreach (Waiting waiting in message)
        {
            _ = failed switch
            {
                null => waiting.TrySetResult(),
                OperationCanceledException cancelled => waiting.TrySetCanceled(cancelled.CancellationToken),
                _ => waiting.TrySetException(failed),
            };
        }
    }

    /// <summary>What waits to go to one queue for one run, and how many of its messages await their confirms.</summary>
    private sealed class Lane(string queue, string run)
    {
        public string Queue { get; } = queue;

        public string Run { get; } = run;

        public Queue<Waiting> Pending { get; } = new();

        public int Sending { get; set; }
    }

    /// <summary>
    /// A material waiting to go, completed once the message it went in is confirmed (one object a material, not two);
    /// its sender goes on where the message's sending completes it (<see cref="SendAsync"/>).
    /// </summary>
    private sealed class Waiting(PackedMaterial material) : TaskCompletionSource
    {
        public PackedMaterial Material { get; } = material;
    }
}
