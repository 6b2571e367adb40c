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
/// join or leave while runs go on. The connection and its consumers recover by themselves after a
/// broker restart or a connection the broker closed (RabbitMQ.Client's automatic and topology recovery).
/// </summary>
public sealed class LineWorker : BackgroundService
{
    private readonly LinePlan plan;
    private readonly LineWorkerOptions options;
    private readonly ILogger logger;
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<StationConsumer> consumers = [];

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
    }

    /// <summary>A worker for <paramref name="line"/> (its stations, as the application built them).</summary>
    public static LineWorker For<TIn, TOut>(ILine<TIn, TOut> line, LineWorkerOptions options, ILogger<LineWorker>? logger = null) =>
        new(LinePlan.Of(line), options, logger);

    /// <summary>The stations this worker hosts.</summary>
    public IReadOnlyList<StationPlan> Hosted { get; }

    /// <summary>Done once the worker consumes from every hosted station's queue; faults when it could not start.</summary>
    public Task Started => started.Task;

    /// <summary>Deliveries this worker has acknowledged, over all its stations.</summary>
    public long Done => consumers.Sum(c => c.Done);

    /// <summary>Redeliveries this worker recognised in the ledger as done and did not run again.</summary>
    public long Recognised => consumers.Sum(c => c.Recognised);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = options.Broker,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
            ClientProvidedName = options.Name ?? $"factory worker {plan.Line.Name}",
        };
        IConnection connection;
        var list = new List<StationConsumer>();
        try
        {
            connection = await factory.CreateConnectionAsync(stoppingToken).ConfigureAwait(false);
            LineTopology topology = LineTopology.For(plan.Line, options.Topology);
            await TopologyDeclarer.DeclareAsync(connection, topology, stoppingToken).ConfigureAwait(false);
            var runs = new WorkerRuns(plan.Line, options);
            foreach (StationPlan station in Hosted)
            {
                var consumer = new StationConsumer(station, topology, runs, options, logger, stoppingToken);
                list.Add(consumer);
                await consumer.StartAsync(connection).ConfigureAwait(false);
            }

            consumers = list;
            started.TrySetResult();
        }
        catch (Exception exception)
        {
            started.TrySetException(exception);
            throw;
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: unacknowledged deliveries go back to their queues when the channels close.
        }
        finally
        {
            foreach (StationConsumer consumer in list)
            {
                await consumer.DisposeAsync().ConfigureAwait(false);
            }

            await connection.CloseAsync().ConfigureAwait(false);
            connection.Dispose();
        }
    }
}
