using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using Factory.Testing;
using RabbitMQ.Client;
using Xunit;
using Xunit.Abstractions;

namespace Factory.RabbitMQ.Tests;

/// <summary>
/// Three workers in child processes run Checkout for a caller in this process, all recording into one
/// SQLite ledger, up to 32 materials to a message (<see cref="Packing"/>); something real breaks mid-run,
/// and every input must still get exactly one outcome.
/// </summary>
public sealed class FaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Materials = 10_000;
    private const int Workers = 3;

    private readonly string directory = Path.Combine(Path.GetTempPath(), "factory-rabbit-" + Guid.NewGuid().ToString("N"));
    private readonly List<WorkerProcess> workers = [];
    private string LedgerPath => Path.Combine(directory, "ledger.db");

    /// <summary>The file that tells worker-0 to hold an order for good once it priced as many as the file says (see <see cref="Price"/>).</summary>
    private string HoldSignal => Path.Combine(directory, "hold");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);

        // The ledger's schema first, so that the workers do not race to create it.
        await using (SqliteLedger.Open(LedgerPath))
        {
        }

        // Earlier runs' leftovers in the line's queues (a test killed half way) would be processed by these workers, into another run.
        await using IConnection connection = await TestBroker.ConnectAsync();
        LineTopology topology = LineTopology.For(Checkout.Descriptor, Packing.Topology);
        await TopologyDeclarer.DeclareAsync(connection, topology);
        await using IChannel channel = await connection.CreateChannelAsync();
        foreach (QueueSpec queue in topology.StationQueues.Concat(topology.SuspectQueues).Append(topology.DeadLetterQueue))
        {
            await channel.QueuePurgeAsync(queue.Name);
        }

        // The first worker, the one Kill_9 kills, prices slowly, and holds an order for good once told to (HoldSignal): it
        // holds a delivery when it is killed. (Killed as it came, it was once found holding none, at full speed and at
        // 2 ms an order, and nothing was redelivered.)
        workers.Add(await WorkerProcess.StartAsync(LedgerPath, "worker-0", line: null, ("FACTORY_TEST_PRICE_DELAY_MS", "2"), ("FACTORY_TEST_PRICE_HOLD_FILE", HoldSignal)));
        for (int i = 1; i < Workers; i++)
        {
            workers.Add(await WorkerProcess.StartAsync(LedgerPath, "worker-" + i));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (WorkerProcess worker in workers)
        {
            if (worker.Errors.Length > 0)
            {
                output.WriteLine($"{worker.Name} logged:\n{worker.Errors}");
            }

            await worker.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Kill_9_one_of_three_workers_mid_run_loses_nothing_and_duplicates_no_outcome()
    {
        // Killed as soon as it holds an order, its 101st: the run's outputs, in order, wait for that one until then. (Told
        // to hold only after 2,000 outputs, it once found no order left to price: the others had priced them all.)
        await File.WriteAllTextAsync(HoldSignal, "100");
        Task killing = Task.Run(async () =>
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!File.Exists(HoldSignal + ".held"))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "worker-0 took no 101st order to hold within 60 s");
                await Task.Delay(5);
            }

            workers[0].Kill();
        });
        Outcome outcome = await RunAsync(afterOutputs: 0, () => Task.CompletedTask);
        await killing;

        output.WriteLine($"kill -9 of {workers[0].Name} (pid {workers[0].Pid}) holding order {await File.ReadAllTextAsync(HoldSignal + ".held")}: {outcome}");
        long redelivered = await StopSurvivorsAsync();
        outcome.AssertEveryInputOnce(Materials);

        // What the killed worker held unacknowledged went to the others: at most its prefetch of 32 messages per station,
        // each of up to 32 materials (packed; a message a material, the bound was 2 * 32).
        Assert.InRange(redelivered, 1, 2 * 32 * Packing.MaterialsPerMessage);
        Assert.InRange(outcome.RanAgain, 0, redelivered);
    }

    [Fact]
    public async Task Connections_closed_by_the_broker_come_back_with_their_consumers_and_lose_nothing()
    {
        Outcome outcome = await RunAsync(afterOutputs: Materials / 5, () => RabbitMqBroker.CtlAsync("close_all_connections", "test: connections closed by the broker"));

        output.WriteLine($"close_all_connections after {Materials / 5} outputs: {outcome}");
        outcome.AssertEveryInputOnce(Materials);

        // The run finishing proves consumers worked after the close; each worker's are all back, consuming.
        string consumers = await RabbitMqBroker.CtlAsync("list_consumers", "--quiet", "--no-table-headers");
        foreach (QueueSpec queue in LineTopology.For(Checkout.Descriptor).StationQueues)
        {
            int count = consumers.Split('\n').Count(line => line.StartsWith(queue.Name + "\t", StringComparison.Ordinal));
            Assert.True(count == Workers, $"{queue.Name} has {count} consumers after the close, not {Workers}: {consumers}");
        }

        await StopSurvivorsAsync();
    }

    // The broker's application restarts inside its node (rabbitmqctl stop_app, start_app): every connection drops,
    // the quorum queues come back from disk, the clients reconnect.
    [Fact]
    public async Task A_broker_restarted_mid_run_loses_no_confirmed_material_and_the_run_completes()
    {
        Outcome outcome = await RunAsync(afterOutputs: Materials / 5, async () =>
        {
            await RabbitMqBroker.CtlAsync("stop_app");
            await Task.Delay(TimeSpan.FromSeconds(1));
            await RabbitMqBroker.CtlAsync("start_app");
        });

        output.WriteLine($"broker restarted (stop_app, start_app) after {Materials / 5} outputs: {outcome}");
        outcome.AssertEveryInputOnce(Materials);
        await StopSurvivorsAsync();
    }

    /// <summary>Stops the workers still running and prints what each did; the deliveries they were given redelivered.</summary>
    private async Task<long> StopSurvivorsAsync()
    {
        long redelivered = 0;
        foreach (WorkerProcess worker in workers)
        {
            string said = await worker.StopAsync();
            output.WriteLine(said);
            System.Text.RegularExpressions.Match match = System.Text.RegularExpressions.Regex.Match(said, @"(\d+) redelivered");
            redelivered += match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }

        return redelivered;
    }

    private async Task<Outcome> RunAsync(int afterOutputs, Func<Task> fault)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using SqliteLedger ledger = SqliteLedger.Open(LedgerPath);
        await using IConnection connection = await new ConnectionFactory
        {
            Uri = RabbitMqBroker.FromEnvironment(),
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
        }.CreateConnectionAsync(cancel.Token);
        var line = new Checkout(new Price(), new Print());
        var options = new RunOptions
        {
            Transport = new RabbitMqTransport(connection, CheckoutJson.Default, Packing.Topology),
            Observers = [ledger.Observe()],
        };

        var started = System.Diagnostics.Stopwatch.StartNew();
        var receipts = new List<Receipt>();
        IEnumerable<Order> orders = Enumerable.Range(1, Materials).Select(i => new Order(i, "customer " + (i % 13)));
        try
        {
            await foreach (Receipt receipt in line.RunAsync(orders, options, cancel.Token))
            {
                receipts.Add(receipt);
                if (receipts.Count == afterOutputs)
                {
                    await fault();
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Stuck: what the broker holds says where.
            output.WriteLine($"stuck after {receipts.Count} outputs; queues:\n{await RabbitMqBroker.CtlAsync("list_queues", "name", "messages_ready", "messages_unacknowledged", "consumers")}");
            output.WriteLine(await RabbitMqBroker.CtlAsync("list_consumers"));
            throw;
        }

        TimeSpan took = started.Elapsed;
        await ledger.FlushAsync(cancel.Token);
        RunRecord run = (await ledger.ListRunsAsync(cancellationToken: cancel.Token)).Single();
        IReadOnlyList<InputRecord> inputs = await ledger.ListInputsAsync(run.RunId, new PageQuery { Limit = Materials * 2 }, cancel.Token);
        int ranAgain = 0;
        foreach (long id in Enumerable.Range(1, Materials).Select(i => MaterialIds.Root(i - 1)))
        {
            IReadOnlyList<ExecutionRecord> attempts = await ledger.GetProvenanceAsync(run.RunId, id, cancel.Token);
            ranAgain += attempts.GroupBy(a => a.Station).Sum(g => Math.Max(0, g.Count(a => a.Outcome == ExecutionOutcome.Succeeded) - 1));
        }

        return new Outcome(receipts, inputs, ranAgain, took);
    }

    private sealed record Outcome(List<Receipt> Receipts, IReadOnlyList<InputRecord> Inputs, int RanAgain, TimeSpan Took)
    {
        public void AssertEveryInputOnce(int materials)
        {
            Assert.Equal(materials, Receipts.Count);
            Assert.Equal(Enumerable.Range(1, materials), Receipts.Select(r => r.Number).Order());
            Assert.Equal(materials, Inputs.Count);
            Assert.All(Inputs, input => Assert.Equal(InputOutcome.Delivered, input.Outcome));
            Assert.All(Inputs, input => Assert.Equal(1, input.Delivered));
        }

        public override string ToString() =>
            $"{Receipts.Count} outputs, {Receipts.Select(r => r.Number).Distinct().Count()} distinct, {Inputs.Count(i => i.Outcome == InputOutcome.Delivered)} inputs delivered in the ledger, " +
            $"{RanAgain} station runs repeated after redelivery, in {Took.TotalSeconds:F1} s";
    }
}
