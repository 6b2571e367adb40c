using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Factory.Runtime;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Factory.RabbitMQ;

/// <summary>
/// The caller's end of a run on RabbitMQ: publishes inputs (confirmed) to the first station's queue,
/// several to a message where the line's <see cref="TopologyOptions.MaterialsPerMessage"/> lets it
/// (<see cref="PackingPublisher"/>), and consumes the run's exit queue, handing outputs and dead letters
/// to the run (each of a message's, in order); acknowledges each exit message once the run has all it
/// held. Deletes the exit when the run ends.
/// </summary>
internal sealed class CallerEnd<TIn, TOut> : IRemoteEntry<TIn>
{
    private readonly IConnection connection;
    private readonly LineTopology topology;
    private readonly JsonSerializerContext json;
    private readonly RemoteRun<TOut> run;
    private readonly JsonTypeInfo<TIn> inputs;
    private readonly JsonTypeInfo<TOut> outputs;
    private readonly string firstQueue;
    private readonly string exitQueue;
    private readonly Consumption exit;
    /// <summary>
    /// Inputs whose publish waits for its confirm at once, a message each. A quorum queue at its <c>x-max-length</c>
    /// refuses only what comes after it told the channel it is full: what is in flight then gets in, so the queue
    /// can hold up to this many more than its bound, per caller.
    /// </summary>
    internal const int Window = 64;

    /// <summary>
    /// This start's mark (<see cref="MessageHeaders.RunStart"/>), on every material and control message it sends: a worker
    /// tells it from the run's cancelled start before, whatever order the control and station queues deliver in.
    /// </summary>
    private readonly string start = MarkedStart.NewMark();
    private readonly CancellationTokenSource watching = new();
    private readonly int windowSize;
    private readonly SemaphoreSlim window;
    private readonly Task<PackingPublisher> ready;
    private ConfirmedPublisher? confirmed;
    private Task? watch;
    private Task? reminding;
    private Task? gating;

    public CallerEnd(IConnection connection, JsonSerializerContext json, LineTopology topology, RemoteRun<TOut> run)
    {
        this.connection = connection;
        this.topology = topology;
        this.json = json;
        this.run = run;
        inputs = (JsonTypeInfo<TIn>)json.GetTypeInfo(typeof(TIn))!;
        outputs = (JsonTypeInfo<TOut>)json.GetTypeInfo(typeof(TOut))!;
        firstQueue = topology.StationQueues[0].Name;
        exitQueue = topology.ExitQueueName(run.RunId);
        exit = new Consumption(exitQueue, prefetch: 256, concurrency: 1, ArrivedAsync, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        windowSize = WindowOf(topology.Options);
        window = new SemaphoreSlim(windowSize, windowSize);
        ready = StartAsync();
    }

    /// <summary>
    /// Inputs whose publish waits for its confirm at once: <see cref="Window"/> messages of one material; with several
    /// materials to a message, enough for the messages in flight and the next ones to fill while they are.
    /// </summary>
    internal static int WindowOf(TopologyOptions options) =>
        options.MaterialsPerMessage <= 1 ? Window : Math.Max(Window, 2 * PackingPublisher.InFlight * options.MaterialsPerMessage);

    /// <summary>
    /// Starts the input's publish and returns once it is under way: up to <see cref="WindowOf"/> inputs wait for
    /// their confirms at once (the broker confirms several together), each made again until confirmed (a full
    /// queue, a lost connection); more wait here. A publish that cannot be made fails the run.
    /// <see cref="DisposeAsync"/> waits for every confirm.
    /// </summary>
    public async ValueTask SendAsync(Material<TIn> material, CancellationToken cancellationToken)
    {
        PackingPublisher publisher = await ready.ConfigureAwait(false);
        Dictionary<string, object?> headers = MessageHeaders.For(run.RunId, start, MaterialInfo.Of(material), attempt: 1, run.Job, stationVersion: null, run.SamplingTerms);
        if (RemoteTrace.Of(material) is { } trace)
        {
            // The first station's span is a child of the material's, as in process (not of whatever is current
            // here); a material the sampler dropped goes unsampled, so the workers' parent-based samplers drop it too.
            headers[MessageHeaders.TraceParent] = trace;
            MessageHeaders.SetTraceState(headers, RemoteTrace.StateOf(material));
        }

        byte[] body = JsonSerializer.SerializeToUtf8Bytes(material.Value, inputs);
        await window.WaitAsync(cancellationToken).ConfigureAwait(false);
        _ = PublishAsync(publisher, headers, body, material.Id);
    }

    private async Task PublishAsync(PackingPublisher publisher, Dictionary<string, object?> headers, byte[] body, long materialId)
    {
        try
        {
            await publisher.PublishAsync(firstQueue, run.RunId, headers, body).ConfigureAwait(false);
        }
        catch (Exception exception) when (!run.Token.IsCancellationRequested)
        {
            run.Fail(new InvalidOperationException($"Run '{run.RunId}' could not send material {materialId} to '{firstQueue}': {exception.Message}", exception));
        }
        catch (OperationCanceledException)
        {
            // The run ends: nothing waits for this input's outcome.
        }
        finally
        {
            window.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Every publish under way ends (confirmed, failed, or cancelled with the run) before its publisher goes.
        for (int i = 0; i < windowSize; i++)
        {
            await window.WaitAsync().ConfigureAwait(false);
        }

        await watching.CancelAsync().ConfigureAwait(false);
        if (watch is not null)
        {
            await watch.ConfigureAwait(false);
        }

        if (reminding is not null)
        {
            await reminding.ConfigureAwait(false);
        }

        if (gating is not null)
        {
            await gating.ConfigureAwait(false);
        }

        watching.Dispose();
        if (!ready.IsCompletedSuccessfully)
        {
            return;
        }

        if (run.Token.IsCancellationRequested)
        {
            // Cancelled or failed: every worker drops what is left of the run instead of working on it.
            await TellAsync(ControlMessages.Cancel).ConfigureAwait(false);
        }

        await confirmed!.DisposeAsync().ConfigureAwait(false);
        await exit.DisposeAsync().ConfigureAwait(false);
        try
        {
            IChannel channel = await connection.CreateChannelAsync().ConfigureAwait(false);
            await channel.QueueDeleteAsync(exitQueue, ifUnused: false, ifEmpty: false).ConfigureAwait(false);
            await Channels.CloseQuietlyAsync(channel).ConfigureAwait(false);
        }
        catch (Exception lost) when (Channels.IsConnectionLoss(lost))
        {
            // Left for the broker's operator: an exit whose run ended is never read again.
        }
    }

    /// <summary>Declares the line's topology and the run's exit, starts reading the exit (and watching that it keeps reading), and opens the publisher.</summary>
    private async Task<PackingPublisher> StartAsync()
    {
        await TopologyDeclarer.DeclareAsync(connection, topology, run.Token).ConfigureAwait(false);
        await TopologyDeclarer.DeclareQueueAsync(connection, topology.ExitQueue(run.RunId), run.Token).ConfigureAwait(false);
        await exit.StartAsync(connection, run.Token).ConfigureAwait(false);
        watch = exit.WatchAsync(connection, TimeSpan.FromSeconds(2), watching.Token);
        ConfirmedPublisher publisher = await ConfirmedPublisher.OpenAsync(connection, recovers: true, run.Token).ConfigureAwait(false);
        confirmed = publisher;
        // Said before any input: a worker takes none of the run's materials before it heard whether the run is paused.
        await TellAsync(publisher, run.IsPaused ? ControlMessages.Pause : ControlMessages.Resume).ConfigureAwait(false);
        run.OnPauseChanged(paused => _ = TellAsync(paused ? ControlMessages.Pause : ControlMessages.Resume));
        reminding = RemindAsync(watching.Token);
        if (run.Gates is { } gates)
        {
            gating = DecisionSender.RunAsync(run, start, gates, json, topology, publisher, watching.Token);
        }

        return PackingPublisher.For(publisher, topology, run.Token);
    }

    /// <summary>
    /// Says the run's state (paused or not) again every 2 s: a worker that joined, or connected again,
    /// after a pause or a resume was said hears it within that time.
    /// </summary>
    private async Task RemindAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await TellAsync(run.IsPaused ? ControlMessages.Pause : ControlMessages.Resume).ConfigureAwait(false);
        }
    }

    /// <summary>Tells every worker of the line, on its control exchange, to pause, resume or drop this run.</summary>
    private async Task TellAsync(string command)
    {
        await ready.ConfigureAwait(false);
        await TellAsync(confirmed!, command).ConfigureAwait(false);
    }

    private async Task TellAsync(ConfirmedPublisher publisher, string command)
    {
        try
        {
            await publisher.BroadcastAsync(topology.ControlExchange, ControlMessages.Headers(run.RunId, start, command), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception failed) when (failed is not OutOfMemoryException)
        {
            // Not said (the connection is recovering): the run's state is said again within 2 s; a cancel is best effort.
        }
    }

    /// <summary>
    /// A message on the exit, of one material or several (<see cref="MaterialPack"/>): each handed to the run in
    /// order, then the message acknowledged.
    /// </summary>
    private async Task ArrivedAsync(IChannel exit, BasicDeliverEventArgs delivery)
    {
        try
        {
            foreach (PackedMaterial arrived in MaterialPack.Read(delivery.BasicProperties.Headers, delivery.Body))
            {
                await TakeAsync(arrived.Headers, arrived.Body).ConfigureAwait(false);
            }

            await SendGroupsOnAsync().ConfigureAwait(false);
            await exit.BasicAckAsync(delivery.DeliveryTag, multiple: false).ConfigureAwait(false);
        }
        catch (Exception lost) when (Channels.IsConnectionLoss(lost))
        {
            // Not acknowledged: the broker gives the message again after the recovery, and the run keeps one.
        }
        catch (Exception exception) when (!run.Token.IsCancellationRequested)
        {
            run.Fail(new InvalidOperationException($"Run '{run.RunId}' could not take a message from its exit '{exitQueue}': {exception.Message}", exception));
        }
    }

    private async Task TakeAsync(IDictionary<string, object?>? headers, ReadOnlyMemory<byte> body)
    {
        if (MessageHeaders.Text(headers, MessageHeaders.RunStart) is { } mark && mark != start)
        {
            // An earlier start's (its caller died, or it was cancelled): the run's exit outlives a caller that died. This
            // start sends again whatever of it the ledger does not hold done, so its own fates are the ones to count.
            return;
        }

        MaterialInfo material = MessageHeaders.Material(headers);
        string? kind = MessageHeaders.Text(headers, MessageHeaders.Kind);
        if (kind == MessageHeaders.Kinds.DeadLetter)
        {
            run.DeadLettered(ExitMessages.ReadDeadLetter(headers, material, body));
        }
        else if (kind == MessageHeaders.Kinds.Split)
        {
            run.Split(material, MessageHeaders.RequiredText(headers, MessageHeaders.Station), (int)MessageHeaders.Long(headers, MessageHeaders.Children));
        }
        else if (kind == MessageHeaders.Kinds.Discard)
        {
            run.Discarded(ExitMessages.ReadDiscard(headers, material, body));
        }
        else if (kind == MessageHeaders.Kinds.Parked)
        {
            run.Parked(material, MessageHeaders.RequiredText(headers, MessageHeaders.Station), body.ToArray());
        }
        else if (kind == MessageHeaders.Kinds.GatherPart)
        {
            run.GatherPart((int)MessageHeaders.Long(headers, MessageHeaders.Gather), material, body.ToArray());
        }
        else
        {
            TOut value = JsonSerializer.Deserialize(body.Span, outputs)!;
            var arrived = new Material<TOut>(value, material.Id, material.ParentId, material.Sequence, run.Job, (int)MessageHeaders.Long(headers, MessageHeaders.Attempt)) { Root = material.Root };
            await run.ArriveAsync(arrived).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends each group whose children are all in to the station after its gather (confirmed), then
    /// tells the run: the caller's run holds a gather's groups, since it counts every split and every
    /// child's fate on this one exit, in order.
    /// </summary>
    private async Task SendGroupsOnAsync()
    {
        while (run.TryTakeGroup(out GatherGroup? group))
        {
            PackingPublisher publisher = await ready.ConfigureAwait(false);
            byte[] body = group.Gather.Build(group.Parent.Id, group.Items, group.Expected, group.Missing, json);
            Dictionary<string, object?> headers = MessageHeaders.For(run.RunId, start, group.Parent, attempt: 1, run.Job, stationVersion: null, run.SamplingTerms);
            await publisher.PublishAsync(topology.StationQueues[group.Gather.NextStation].Name, run.RunId, headers, body).ConfigureAwait(false);
            run.Gathered(group);
        }
    }
}
