using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;

namespace Factory.RabbitMQ;

/// <summary>
/// A worker process's share of a line on RabbitMQ: hosts some or all of its stations as competing
/// consumers of their queues, for every run of the line. Any number of workers, on any machines, may
/// join or leave while runs go on. After a broker restart or a connection the broker closed, the worker
/// connects again with new channels and consumers (see <see cref="ExecuteAsync"/>).
/// </summary>
public sealed class LineWorker : BackgroundService
{
    private readonly LinePlan plan;
    private readonly LineWorkerOptions options;
    private readonly ILogger logger;
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<StationConsumer> consumers = [];
    private DeadLetterConsumer? deadLetters;
    private WorkerRuns? runs;

    /// <summary>A worker for the line <paramref name="plan"/> describes.</summary>
    public LineWorker(LinePlan plan, LineWorkerOptions options, ILogger<LineWorker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        plan.Check(options.Json);
        this.plan = plan;
        this.options = options;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        Hosted = options.Stations is null ? plan.Stations : options.Stations.Select(plan.Station).ToArray();
        if (options.Ledger is null && Hosted.FirstOrDefault(station => station.Station.Gate is not null) is { } gate)
        {
            throw new ArgumentException(
                $"Gate '{gate.Station.Path}' of line '{plan.Line.Name}' parks its materials in the ledger the caller's run takes decisions from: give LineWorkerOptions.Ledger.", nameof(options));
        }
    }

    /// <summary>A worker for <paramref name="line"/> (its stations, as the application built them).</summary>
    public static LineWorker For<TIn, TOut>(ILine<TIn, TOut> line, LineWorkerOptions options, ILogger<LineWorker>? logger = null) =>
        new(LinePlan.Of(line), options, logger);

    /// <summary>The stations this worker hosts.</summary>
    public IReadOnlyList<StationPlan> Hosted { get; }

    /// <summary>Done once the worker consumes from every hosted station's queue; faults when it could not start.</summary>
    public Task Started => started.Task;

    /// <summary>Materials this worker has done (their deliveries acknowledged), over all its stations.</summary>
    public long Done => consumers.Sum(c => c.Done);

    /// <summary>Materials the broker gave this worker again (in deliveries marked redelivered), which it moved to their station's suspects.</summary>
    public long Redelivered => consumers.Sum(c => c.Redelivered);

    /// <summary>Redeliveries this worker recognised in the ledger as done and did not run again.</summary>
    public long Recognised => consumers.Sum(c => c.Recognised);

    /// <summary>Deliveries this worker took that held several materials (<see cref="TopologyOptions.MaterialsPerMessage"/>).</summary>
    public long PacksTaken => consumers.Sum(c => c.PacksTaken);

    /// <summary>Materials of packs given again that this worker sent a material a message to their station's suspects (or, failed here, to its queue).</summary>
    public long SentAlone => consumers.Sum(c => c.SentAlone);

    /// <summary>Suspects this worker ran (or recognised as done) alone.</summary>
    public long SuspectsRun => consumers.Sum(c => c.Suspects.Ran);

    /// <summary>Materials past their station's delivery limit this worker made dead letters of (from its suspects, or from the dead-letter queue).</summary>
    public long DeliveryLimitLetters => (deadLetters?.Letters ?? 0) + consumers.Sum(c => c.Suspects.Letters);


    /// <summary>Deliveries of runs their callers ended (cancelled, failed) that this worker dropped without working on them.</summary>
    public long Dropped => runs?.Controls.Dropped ?? 0;

    /// <summary>Times the worker lost its connection and connected again.</summary>
    public long Reconnections => Interlocked.Read(ref reconnections);

    private long reconnections;

    /// <inheritdoc />
    /// <remarks>
    /// A lost connection (a broker restart, a connection the broker closed) is not recovered in place:
    /// the worker makes a new connection with new channels and consumers, once a second until it gets one.
    /// Deliveries it had not acknowledged go back to their queues with the old connection.
    /// </remarks>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = options.Broker,
            AutomaticRecoveryEnabled = false,
            ClientProvidedName = options.Name ?? $"factory worker {plan.Line.Name}",
        };
        LineTopology topology = LineTopology.For(plan.Line, options.Topology);
        var runs = new WorkerRuns(plan.Line, options);
        this.runs = runs;
        var limitLetters = new LimitLetter(topology, runs, options, logger, stoppingToken);
        var list = Hosted.Select(station => new StationConsumer(station, topology, runs, limitLetters, options, logger, stoppingToken)).ToList();
        var letters = new DeadLetterConsumer(topology, runs, options, logger, stoppingToken);
        (consumers, deadLetters) = (list, letters);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ServeAsync(factory, topology, list, letters, new ControlConsumer(topology, runs.Controls), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (started.Task.IsCompleted)
            {
                logger.LogWarning(exception, "Worker of line {Line} lost its connection; it connects again", plan.Line.Name);
            }
            catch (Exception exception)
            {
                started.TrySetException(exception);
                throw;
            }

            Interlocked.Increment(ref reconnections);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One connection's life: declares the topology, consumes, and returns when the connection is lost (throws when it cannot start).</summary>
    private async Task ServeAsync(ConnectionFactory factory, LineTopology topology, List<StationConsumer> list, DeadLetterConsumer letters, ControlConsumer control, CancellationToken stoppingToken)
    {
        IConnection connection = await factory.CreateConnectionAsync(stoppingToken).ConfigureAwait(false);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionShutdownAsync += (_, _) =>
        {
            lost.TrySetResult();
            return Task.CompletedTask;
        };
        try
        {
            await TopologyDeclarer.DeclareAsync(connection, topology, stoppingToken).ConfigureAwait(false);

            // Listening before consuming: a pause said from now on holds every delivery this worker takes.
            await control.StartAsync(connection, stoppingToken).ConfigureAwait(false);
            foreach (StationConsumer consumer in list)
            {
                await consumer.StartAsync(connection).ConfigureAwait(false);
            }

            await letters.StartAsync(connection).ConfigureAwait(false);
            started.TrySetResult();
            await lost.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (StationConsumer consumer in list)
            {
                await consumer.DisposeAsync().ConfigureAwait(false);
            }

            await letters.DisposeAsync().ConfigureAwait(false);
            await control.DisposeAsync().ConfigureAwait(false);
            try
            {
                await connection.CloseAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception closed) when (Channels.IsConnectionLoss(closed) || closed is OperationCanceledException or TimeoutException)
            {
                // Already gone.
            }

            connection.Dispose();
        }
    }
}
