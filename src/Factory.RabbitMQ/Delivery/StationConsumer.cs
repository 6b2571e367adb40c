using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Runtime;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Factory.RabbitMQ;

/// <summary>
/// One station's competing consumer in a worker. For each delivery: the station's attempts (retried in
/// the worker by its <c>MaxAttempts</c>), then its outputs published to the next queue (the next
/// station's, or the run's exit) and confirmed, then the attempts recorded in the ledger and flushed,
/// and only then the delivery acknowledged. A worker that dies before the acknowledgement leaves the
/// delivery to the broker, which gives it again: a delivery given again is not run here but moved to the
/// station's suspects (<see cref="Suspects"/>), run alone; one whose station already succeeded by the ledger is
/// acknowledged without running again. What a station run again on a suspect sends on is marked a repeat (<see cref="MessageHeaders.Repeat"/>), so the stations after
/// it ask the ledger too: a split's parts sent before its worker died are not worked on twice. A delivery
/// may hold several materials (<see cref="PackedDelivery"/>), and outputs go several to a message where
/// the line says so (<see cref="PackingPublisher"/>).
/// </summary>
internal sealed class StationConsumer : IAsyncDisposable
{
    private readonly StationPlan station;
    private readonly LineTopology topology;
    private readonly WorkerRuns runs;
    private readonly LineWorkerOptions options;
    private readonly ILogger logger;
    private readonly string queue;
    private readonly CancellationToken stopping;
    private readonly Consumption consumption;
    private readonly SemaphoreSlim working;
    private readonly DeliveryBatch? batch;
    private readonly BatchDeliveries? batches;
    private readonly RepeatCheck repeats;
    private readonly PackedDelivery packs;
    private readonly Suspects suspects;
    private ConfirmedPublisher? publisher;
    private OutcomeSender? sender;

    public StationConsumer(StationPlan station, LineTopology topology, WorkerRuns runs, LimitLetter letters, LineWorkerOptions options, ILogger logger, CancellationToken stopping)
    {
        this.station = station;
        this.topology = topology;
        this.runs = runs;
        this.options = options;
        this.logger = logger;
        this.stopping = stopping;
        queue = topology.StationQueues[station.Index].Name;

        // The station's Parallelism is how many of its deliveries this worker runs the station on at once. Up to the
        // prefetch are handled at once besides: while one waits for its confirm and its ledger flush, others run, and
        // their confirms and flushes are shared (the broker confirms several publishes at once, the ledger commits
        // several deliveries' attempts in one transaction); each delivery is still acknowledged only after its own.
        // A batch station's deliveries are collected one at a time into batches of what this worker has at hand.
        int parallelism = Math.Clamp(station.Station.Options.Parallelism, 1, ushort.MaxValue);
        working = new SemaphoreSlim(parallelism, parallelism);
        ushort prefetch = options.Prefetch;
        ushort concurrency = (ushort)Math.Max(parallelism, prefetch);
        repeats = new RepeatCheck(station.Station.Path, options.Ledger, stopping);
        if (station.IsBatch)
        {
            StationOptions batching = station.Station.Options;
            batches = new BatchDeliveries(station, runs, repeats, options.Ledger, logger, queue, stopping);
            batch = new DeliveryBatch(batching.BatchSize, batching.BatchWaitMs, batches.DeliveredAsync, stopping);
            concurrency = 1;
            prefetch = (ushort)Math.Clamp(Math.Max(prefetch, batching.BatchSize), 1, ushort.MaxValue);
        }

        consumption = new Consumption(queue, prefetch, concurrency, DeliveredAsync, logger);
        packs = new PackedDelivery(queue, material => MaterialAsync(material, suspect: false), logger, stopping);
        suspects = new Suspects(
            station.Station,
            topology,
            letters,
            batches is not null ? batches.SuspectAsync : material => MaterialAsync(material, suspect: true),
            material => repeats.DoneBeforeAsync(runs.For(material.Headers), MessageHeaders.Material(material.Headers)),
            logger,
            stopping);
    }

    /// <summary>The queue's consumer.</summary>
    public Consumption Consumption => consumption;

    /// <summary>Materials done (their deliveries acknowledged, here or as suspects) so far.</summary>
    public long Done => Interlocked.Read(ref done) + suspects.Ran + (batches?.Done ?? 0);

    /// <summary>Materials the broker gave again (another worker, or this one's lost channel, had them unacknowledged), moved to the suspects: a pack counts each of its materials.</summary>
    public long Redelivered => suspects.Redelivered + (batches?.Redelivered ?? 0);

    /// <summary>Redeliveries recognised in the ledger as done, acknowledged without running again.</summary>
    public long Recognised => Interlocked.Read(ref recognised) + (batches?.Recognised ?? 0);

    /// <summary>Materials of packs given again (to the suspects) or failed here (to the queue) sent on a material a message.</summary>
    public long SentAlone => packs.SentAlone + suspects.SentAlone;

    /// <summary>The station's suspects.</summary>
    public Suspects Suspects => suspects;

    /// <summary>Deliveries that held several materials (<see cref="MaterialPack"/>).</summary>
    public long PacksTaken => Interlocked.Read(ref packsTaken);

    private long done;
    private long packsTaken;
    private long recognised;

    public async Task StartAsync(IConnection connection)
    {
        publisher = await ConfirmedPublisher.OpenAsync(connection, recovers: false, stopping).ConfigureAwait(false);
        // Work done, outputs sent and confirmed even as the worker stops (up to Consumption.DrainLimit): docs/scale-out.md.
        sender = new OutcomeSender(PackingPublisher.For(publisher, topology, CancellationToken.None), topology, station, options, logger);
        batches?.SendWith(sender);
        await suspects.StartAsync(connection).ConfigureAwait(false);
        await consumption.StartAsync(connection, stopping).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // The suspects first: one still running sends its outputs with this consumer's publisher.
        await suspects.DisposeAsync().ConfigureAwait(false);
        await consumption.DisposeAsync().ConfigureAwait(false);
        if (publisher is not null)
        {
            await publisher.DisposeAsync().ConfigureAwait(false);
            publisher = null;
            sender = null;
            batches?.SendWith(null);
        }
    }

    private async Task DeliveredAsync(IChannel taking, BasicDeliverEventArgs delivery)
    {
        if (Suspects.WasDelivered(delivery))
        {
            await suspects.MoveDeliveryAsync(taking, delivery, queue, publisher!).ConfigureAwait(false);
            return;
        }

        if (batch is not null)
        {
            await batch.AddAsync(new HeldDelivery(taking, delivery.DeliveryTag, delivery.Redelivered, delivery.BasicProperties.Headers, delivery.Body.ToArray())).ConfigureAwait(false);
            return;
        }

        try
        {
            IReadOnlyList<PackedMaterial> materials = MaterialPack.Read(delivery.BasicProperties.Headers, delivery.Body);
            int worked = 1;
            if (materials.Count == 1)
            {
                await MaterialAsync(materials[0], suspect: false).ConfigureAwait(false);
            }
            else
            {
                Interlocked.Increment(ref packsTaken);
                worked = await packs.DeliveredAsync(materials, publisher!).ConfigureAwait(false);
            }

            // Not cancellable once its work is done: a stopping worker acknowledges it rather than give it back.
            await taking.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
            Interlocked.Add(ref done, worked);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The worker stops: the delivery goes back to the queue unacknowledged, for another worker.
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
            // The connection went: the delivery is the broker's again, redelivered once the connection recovers.
            logger.LogWarning("Station {Station} lost its connection with a delivery unacknowledged; the broker gives it again", station.Station.Path);
        }
        catch (Exception exception)
        {
            // Not the station's failure (that is a dead letter): the broker, the ledger or the message. To the suspects, as
            // one crash: one that keeps failing there ends at the delivery limit.
            logger.LogError(exception, "Station {Station} could not process a delivery from {Queue}; it goes to the suspects", station.Station.Path, queue);
            await suspects.MoveDeliveryAsync(taking, delivery, queue, publisher!).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One material, as a message of its own, in a pack, or a suspect: a repeat (a suspect, or marked one) that the ledger
    /// knows is done is not worked on again; a material of a run its caller ended is dropped. Throws what is not
    /// the station's failure (that is a dead letter): the ledger's, the broker's, the message's.
    /// </summary>
    private async Task MaterialAsync(PackedMaterial delivered, bool suspect)
    {
        IDictionary<string, object?>? headers = delivered.Headers;
        MarkedStart start = runs.Controls.StartOf(headers);
        RemoteScope scope = runs.For(start, headers);
        MaterialInfo material = MessageHeaders.Material(headers);
        bool repeat = suspect || headers?.ContainsKey(MessageHeaders.Repeat) == true;
        var key = (scope.Info.RunId, material.Id);
        TaskCompletionSource? first = repeat ? null : repeats.Working(key);

        try
        {
            if (await runs.Controls.EndedAsync(start, stopping).ConfigureAwait(false))
            {
                // Its caller ended the run: nobody waits for this material.
            }
            else if (repeat && await repeats.DoneAsync(scope, material, key).ConfigureAwait(false))
            {
                Interlocked.Increment(ref recognised);
            }
            else
            {
                await ProcessAsync(delivered.Body, headers, start, scope, material, repeat).ConfigureAwait(false);
            }
        }
        finally
        {
            if (first is not null)
            {
                repeats.Finished(key, first);
            }
        }
    }

    /// <summary>Runs the station on the delivery under its span, sends the outputs on, and records the attempts.</summary>
    private async Task ProcessAsync(ReadOnlyMemory<byte> body, IDictionary<string, object?>? headers, MarkedStart start, RemoteScope scope, MaterialInfo material, bool repeat)
    {
        await working.WaitAsync(stopping).ConfigureAwait(false);

        // Asked again once the station is free for it: a pack's materials wait here together, and a pause (or the
        // run's end) said meanwhile holds (or drops) those not started yet, as it does a delivery of its own.
        bool ended = true;
        try
        {
            ended = await runs.Controls.EndedAsync(start, stopping).ConfigureAwait(false);
        }
        finally
        {
            if (ended)
            {
                working.Release();
            }
        }

        if (ended)
        {
            return;
        }

        System.Diagnostics.Activity? span = StationSpan.Start(station.Station, scope.Info.RunId, material, headers);
        StationOutcome? outcome = null;
        try
        {
            try
            {
                outcome = await station.ProcessAsync(body, material, scope, stopping).ConfigureAwait(false);
            }
            finally
            {
                working.Release();
            }

            // Published under the span: the next station's span is its child.
            await sender!.SendAsync(scope, outcome, material, repeat, headers, carryTrace: span is null).ConfigureAwait(false);
        }
        finally
        {
            StationSpan.End(span, outcome);
        }

        scope.Record(outcome);
        if (options.Ledger is { } ledger)
        {
            await ledger.FlushAsync(CancellationToken.None).ConfigureAwait(false); // its outputs went on: recorded even as the worker stops
        }
    }
}
