using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory;
using Factory.RabbitMQ;
using RabbitMQ.Client;
using TicketTriage.Cli;
using TicketTriage.Serialization;

namespace TicketTriage.Running;

/// <summary>
/// What a run on the broker holds (<c>--broker URI</c>): its worker processes and its own connection, whose
/// transport the run's options name. The line's code and the summary are the same as in process.
/// </summary>
public sealed class BrokerRun : IAsyncDisposable
{
    private readonly BrokerWorkers workers;
    private readonly IConnection connection;

    private BrokerRun(BrokerWorkers workers, IConnection connection)
    {
        this.workers = workers;
        this.connection = connection;
        Transport = new RabbitMqTransport(connection, TriageJsonContext.Lines);
    }

    /// <summary>The transport for <see cref="RunOptions.Transport"/>.</summary>
    public LineTransport Transport { get; }

    /// <summary>The workers' process ids.</summary>
    public string Workers => string.Join(", ", workers.Ids);

    /// <summary>Starts the worker processes, then connects to the broker.</summary>
    public static async Task<BrokerRun> StartAsync(TriageOptions options, string ledger, string outputFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        BrokerWorkers workers = await BrokerWorkers.StartAsync(options, ledger, outputFile, cancellationToken).ConfigureAwait(false);
        try
        {
            IConnection connection = await new ConnectionFactory { Uri = options.Broker!, ClientProvidedName = "tickettriage run" }
                .CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
            return new BrokerRun(workers, connection);
        }
        catch
        {
            await workers.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Stops the worker processes and waits until each has exited (it flushes its ledger first). A worker
    /// records a material's attempts after its outputs are confirmed and acknowledges the delivery after the
    /// record is flushed, so the run's last outcomes can reach this process before their attempts reach the
    /// ledger: once the workers are gone, everything they did is recorded.
    /// </summary>
    public ValueTask StopWorkersAsync() => workers.DisposeAsync();

    /// <summary>
    /// Once the workers have stopped: how many messages wait in the line's station queues and their suspects queues. A worker acknowledges a
    /// delivery only after its attempts are in the ledger, so a message back in a queue is one whose attempts the
    /// ledger may not have (a worker stopped in the middle of it), or one another run left there.
    /// </summary>
    public async Task<long> LeftInQueuesAsync(LineDescriptor line, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        await using IChannel channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        long left = 0;
        LineTopology topology = LineTopology.For(line);
        foreach (QueueSpec queue in topology.StationQueues.Concat(topology.SuspectQueues))
        {
            left += (await channel.QueueDeclarePassiveAsync(queue.Name, cancellationToken).ConfigureAwait(false)).MessageCount;
        }

        return left;
    }

    /// <summary>Closes the connection, then stops the workers.</summary>
    public async ValueTask DisposeAsync()
    {
        await connection.CloseAsync().ConfigureAwait(false);
        connection.Dispose();
        await workers.DisposeAsync().ConfigureAwait(false);
    }
}
