using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Factory.Runtime;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Factory.RabbitMQ;

/// <summary>
/// Reads the line's dead-letter queue, where a station's queue (or its suspects queue) puts a material past its
/// delivery limit (a material whose workers kept dying): each becomes a dead letter of its run, recorded in the
/// ledger and sent to the run's exit like any other (<see cref="LimitLetter"/>), so the run still gets one outcome per input. Every worker
/// of the line reads it, competing like for the stations.
/// </summary>
internal sealed class DeadLetterConsumer(LineTopology topology, WorkerRuns runs, LineWorkerOptions options, ILogger logger, CancellationToken stopping) : IAsyncDisposable
{
    private Consumption? consumption;
    private ConfirmedPublisher? publisher;
    private readonly LimitLetter letters = new(topology, runs, options, logger, stopping);
    private long made;

    /// <summary>Materials past their delivery limit this worker turned into dead letters.</summary>
    public long Letters => Interlocked.Read(ref made);

    /// <summary>The dead-letter queue's consumer, once started.</summary>
    public Consumption? Consumption => consumption;

    public async Task StartAsync(IConnection connection)
    {
        publisher = await ConfirmedPublisher.OpenAsync(connection, recovers: false, stopping).ConfigureAwait(false);
        consumption = new Consumption(topology.DeadLetterQueue.Name, 8, 1, DeadLetteredAsync, logger);
        await consumption.StartAsync(connection, stopping).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (publisher is not null)
        {
            await publisher.DisposeAsync().ConfigureAwait(false);
            publisher = null;
        }

        if (consumption is not null)
        {
            await consumption.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task DeadLetteredAsync(IChannel taking, BasicDeliverEventArgs delivery)
    {
        try
        {
            IDictionary<string, object?>? headers = delivery.BasicProperties.Headers;
            if (MaterialPack.IsPack(headers))
            {
                // A pack is given again only to be moved to the suspects (Suspects): it passed the limit as its moving failed, not
                // for what any of its materials did. Each goes to its station's suspects alone, where its own deliveries count.
                StationDescriptor station = StationOf(MessageHeaders.RequiredText(headers, "x-first-death-queue"));
                await Suspects.MoveAsync(MaterialPack.Read(headers, delivery.Body), topology.SuspectQueueOf(station).Name, publisher!, stopping).ConfigureAwait(false);
                await taking.BasicAckAsync(delivery.DeliveryTag, multiple: false, stopping).ConfigureAwait(false);
                return;
            }

            await letters.SendAsync(headers, StationOf(MessageHeaders.Text(headers, "x-first-death-queue")), publisher!).ConfigureAwait(false);
            await taking.BasicAckAsync(delivery.DeliveryTag, multiple: false, stopping).ConfigureAwait(false);
            Interlocked.Increment(ref made);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Left in the queue for another worker.
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
            // Redelivered once the connection recovers.
        }
        catch (Exception exception)
        {
            // It stays in the queue, tried again a second later (by this worker or another).
            logger.LogError(exception, "A message in {Queue} could not be made a dead letter; it stays there", topology.DeadLetterQueue.Name);
            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
            if (taking.IsOpen)
            {
                await taking.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private StationDescriptor StationOf(string? queue)
    {
        for (int i = 0; i < topology.StationQueues.Count; i++)
        {
            if (topology.StationQueues[i].Name == queue || topology.SuspectQueues[i].Name == queue)
            {
                return topology.Line.Stations[i];
            }
        }

        throw new FormatException($"The dead letter came from queue '{queue}', which is not a station or suspects queue of line '{topology.Line.Name}'.");
    }
}
