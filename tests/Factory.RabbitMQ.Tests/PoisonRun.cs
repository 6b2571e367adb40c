using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using RabbitMQ.Client;
using Xunit;
using Xunit.Abstractions;

namespace Factory.RabbitMQ.Tests;

/// <summary>
/// Fragile's inputs through three workers in child processes (<paramref name="mode"/>: the host's "fragile" or
/// "fragile-single"), whose station exits its worker's process on order 500; workers that exit are started again.
/// </summary>
public abstract class PoisonRun(ITestOutputHelper output, string mode, TopologyOptions topology) : IAsyncLifetime
{
    private const int Workers = 3;

    private readonly string directory = Directory.CreateTempSubdirectory("factory-poison-").FullName;
    private readonly List<WorkerProcess> workers = [];
    private readonly CancellationTokenSource keeping = new();
    private int crashes;
    private readonly List<string> exited = [];
    private Task? keeper;

    private string LedgerPath => Path.Combine(directory, "ledger.db");

    public async Task InitializeAsync()
    {
        await using (SqliteLedger.Open(LedgerPath))
        {
        }

        await TestBroker.PurgeAsync(LineTopology.For(Fragile.Descriptor, topology));
        for (int i = 0; i < Workers; i++)
        {
            workers.Add(await WorkerProcess.StartAsync(LedgerPath, $"{mode}-{i}", mode));
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

    /// <summary>What a run of Fragile gave.</summary>
    protected sealed record Figures(int Crashes, List<Receipt> Receipts, LineReport Report, IReadOnlyList<InputRecord> Inputs);

    /// <summary>Runs <paramref name="materials"/> orders through Fragile on the workers; prints the figures.</summary>
    protected async Task<Figures> RunAsync(int materials)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using SqliteLedger ledger = SqliteLedger.Open(LedgerPath);
        await using IConnection connection = await TestBroker.ConnectAsync();
        var line = new Fragile(new Brittle());
        LineRun<Order, Receipt> run = line.Start(new RunOptions
        {
            Transport = new RabbitMqTransport(connection, CheckoutJson.Default, topology),
            Observers = [ledger.Observe()],
        }, cancel.Token);
        Task feeding = Task.Run(async () =>
        {
            for (int i = 1; i <= materials; i++)
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
        IReadOnlyList<InputRecord> inputs = await ledger.ListInputsAsync(run.RunId, new PageQuery { Limit = materials * 2 }, cancel.Token);

        // The last crash can end the run before the keeper (every 200 ms) has counted it: the keeper stops (a test runs
        // once), then the workers that exited since are counted too. A crashed worker has exited before its deliveries
        // went back to the broker, so before the run could end.
        await keeping.CancelAsync();
        await keeper!;
        int exits = crashes + workers.Count(worker => worker.HasExited);
        exited.AddRange(workers.Where(worker => worker.HasExited).Select(worker => worker.Exit));
        output.WriteLine(string.Join(Environment.NewLine, exited));

        output.WriteLine($"{materials} inputs ({mode}), order 500 exits its worker: {exits} worker exits, {receipts.Count} outputs, {report.DeadLetters.Count} dead letter(s) " +
            $"({string.Join("; ", report.DeadLetters.Select(d => $"material {d.MaterialId} at {d.Station}: {d.ExceptionType}"))}), " +
            $"{inputs.Count(i => i.Outcome == InputOutcome.Delivered)} delivered and {inputs.Count(i => i.Outcome == InputOutcome.DeadLettered)} dead-lettered in the ledger");
        return new Figures(exits, receipts, report, inputs);
    }

    /// <summary>Exactly one dead letter, order 500's for the delivery limit at Brittle, and every other input's output, in the run and the ledger.</summary>
    protected static void AssertOnlyThePoisonIsLost(Figures figures, int materials)
    {
        Assert.Equal(Enumerable.Range(1, materials).Where(n => n != 500), figures.Receipts.Select(r => r.Number).Order());
        DeadLetter letter = Assert.Single(figures.Report.DeadLetters);
        Assert.Equal((500L, "Brittle", DeliveryLimit.ExceptionType), (letter.MaterialId, letter.Station, letter.ExceptionType));
        Assert.StartsWith("delivery limit", letter.Message, StringComparison.Ordinal);
        Assert.Equal(materials - 1, figures.Inputs.Count(i => i.Outcome == InputOutcome.Delivered));
        Assert.Equal(500L, Assert.Single(figures.Inputs, i => i.Outcome == InputOutcome.DeadLettered).MaterialId);
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
                    exited.Add(workers[i].Exit);
                    await workers[i].DisposeAsync();
                    workers[i] = await WorkerProcess.StartAsync(LedgerPath, $"{mode}-{i}-after-{crashes}", mode);
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
