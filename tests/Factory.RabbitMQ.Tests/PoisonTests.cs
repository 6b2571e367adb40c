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
/// A material that makes its worker's process exit, among 10,000: three workers in child processes, each
/// one delivery at a time (of up to 64 materials), restarted as they die; Fragile's queue dead-letters a
/// message after two crashes, and a pack given again goes back a material a message.
/// </summary>
public sealed class PoisonTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Materials = 10_000;
    private const int Workers = 3;

    private readonly string directory = Directory.CreateTempSubdirectory("factory-poison-").FullName;
    private readonly List<WorkerProcess> workers = [];
    private readonly CancellationTokenSource keeping = new();
    private int crashes;
    private Task? keeper;

    private string LedgerPath => Path.Combine(directory, "ledger.db");

    public async Task InitializeAsync()
    {
        await using (SqliteLedger.Open(LedgerPath))
        {
        }

        await using IConnection connection = await TestBroker.ConnectAsync();
        LineTopology topology = LineTopology.For(Fragile.Descriptor, Poison.Topology);
        await TopologyDeclarer.DeclareAsync(connection, topology);
        await using IChannel channel = await connection.CreateChannelAsync();
        foreach (QueueSpec queue in topology.StationQueues.Append(topology.DeadLetterQueue))
        {
            await channel.QueuePurgeAsync(queue.Name);
        }

        for (int i = 0; i < Workers; i++)
        {
            workers.Add(await WorkerProcess.StartAsync(LedgerPath, "fragile-" + i, "fragile"));
        }

        keeper = KeepWorkersAsync(keeping.Token);
    }

    public async Task DisposeAsync()
    {
        await keeping.CancelAsync();
        await keeper!;
        foreach (WorkerProcess worker in workers)
        {
            output.WriteLine(await worker.StopAsync());
            await worker.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_material_that_makes_its_worker_exit_is_exactly_one_delivery_limit_dead_letter_with_no_innocent_victims()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using SqliteLedger ledger = SqliteLedger.Open(LedgerPath);
        await using IConnection connection = await TestBroker.ConnectAsync();
        var line = new Fragile(new Brittle());
        LineRun<Order, Receipt> run = line.Start(new RunOptions
        {
            Transport = new RabbitMqTransport(connection, CheckoutJson.Default, Poison.Topology),
            Observers = [ledger.Observe()],
        }, cancel.Token);
        Task feeding = Task.Run(async () =>
        {
            for (int i = 1; i <= Materials; i++)
            {
                await run.Input.WriteAsync(new Order(i, "c"), cancel.Token);
            }

            run.Input.Complete();
        });
        var receipts = new List<Receipt>();
        await foreach (Receipt receipt in run.Output.ReadAllAsync(cancel.Token))
        {
            receipts.Add(receipt);
        }

        await feeding;
        LineReport report = await run.Completion;
        await ledger.FlushAsync(cancel.Token);
        IReadOnlyList<InputRecord> inputs = await ledger.ListInputsAsync(run.RunId, new PageQuery { Limit = Materials * 2 }, cancel.Token);

        // The last crash can end the run before the keeper (every 200 ms) has counted it.
        await Task.Delay(1_000, cancel.Token);

        output.WriteLine($"{Materials} inputs, order 500 exits its worker: {crashes} worker exits, {receipts.Count} outputs, {report.DeadLetters.Count} dead letter(s) " +
            $"({string.Join("; ", report.DeadLetters.Select(d => $"material {d.MaterialId} at {d.Station}: {d.ExceptionType}"))}), " +
            $"{inputs.Count(i => i.Outcome == InputOutcome.Delivered)} delivered and {inputs.Count(i => i.Outcome == InputOutcome.DeadLettered)} dead-lettered in the ledger");
        Assert.Equal(Enumerable.Range(1, Materials).Where(n => n != 500), receipts.Select(r => r.Number).Order());
        DeadLetter letter = Assert.Single(report.DeadLetters);
        Assert.Equal((500L, "Brittle", DeliveryLimit.ExceptionType), (letter.MaterialId, letter.Station, letter.ExceptionType));
        Assert.StartsWith("delivery limit", letter.Message, StringComparison.Ordinal);
        // Two crashes of the poison alone; one more before those when it came in a pack (the pack's own, given again split up).
        Assert.InRange(crashes, 2, 3);
        Assert.Equal(Materials - 1, inputs.Count(i => i.Outcome == InputOutcome.Delivered));
        Assert.Equal(500L, Assert.Single(inputs, i => i.Outcome == InputOutcome.DeadLettered).MaterialId);
    }

    /// <summary>Starts a new worker in place of each one that exited, counting the exits.</summary>
    private async Task KeepWorkersAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            for (int i = 0; i < workers.Count; i++)
            {
                if (workers[i].HasExited)
                {
                    crashes++;
                    await workers[i].DisposeAsync();
                    workers[i] = await WorkerProcess.StartAsync(LedgerPath, $"fragile-{i}-after-{crashes}", "fragile");
                }
            }

            try
            {
                await Task.Delay(200, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
