using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using RabbitMQ.Client;
using Xunit;
using Xunit.Abstractions;

namespace Factory.RabbitMQ.Tests;

/// <summary>The same inputs in process and on the broker: the same outputs, and the same outcome for every input in the ledger.</summary>
public sealed class ParityTests(ITestOutputHelper output) : IDisposable
{
    private const int Materials = 10_000;

    private readonly string directory = Directory.CreateTempSubdirectory("factory-parity-").FullName;

    [Fact]
    public async Task The_same_inputs_give_the_same_outputs_and_ledger_outcomes_in_process_and_on_the_broker()
    {
        Order[] orders = Enumerable.Range(1, Materials).Select(i => new Order(i, "customer " + (i % 5))).ToArray();
        var line = new Vault(new UseKey());

        (string hash, IReadOnlyList<InputRecord> inputs) inProcess;
        await using (SqliteLedger ledger = SqliteLedger.Open(Path.Combine(directory, "in-process.db")))
        {
            inProcess = await RunAsync(line, orders, ledger, transport: null);
        }

        (string hash, IReadOnlyList<InputRecord> inputs) onBroker;
        await using (SqliteLedger ledger = SqliteLedger.Open(Path.Combine(directory, "broker.db")))
        await using (IConnection connection = await TestBroker.ConnectAsync())
        await using (Worker worker = await Worker.StartAsync(line, ledger: ledger))
        {
            onBroker = await RunAsync(line, orders, ledger, new RabbitMqTransport(connection, CheckoutJson.Default));
        }

        output.WriteLine($"{Materials} inputs: outputs hash {inProcess.hash} in process, {onBroker.hash} on the broker; " +
            $"{Count(inProcess.inputs, InputOutcome.Delivered)}/{Count(onBroker.inputs, InputOutcome.Delivered)} delivered, " +
            $"{Count(inProcess.inputs, InputOutcome.DeadLettered)}/{Count(onBroker.inputs, InputOutcome.DeadLettered)} dead-lettered");
        Assert.Equal(inProcess.hash, onBroker.hash);
        Assert.Equal(Materials, onBroker.inputs.Count);
        Assert.Equal(Outcomes(inProcess.inputs), Outcomes(onBroker.inputs));
        Assert.Equal(1, Count(onBroker.inputs, InputOutcome.DeadLettered));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static async Task<(string Hash, IReadOnlyList<InputRecord> Inputs)> RunAsync(Vault line, Order[] orders, SqliteLedger ledger, LineTransport? transport)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var options = new RunOptions { Observers = [ledger.Observe()], Transport = transport };
        var receipts = new List<Receipt>();
        await foreach (Receipt receipt in line.RunAsync(orders, options, cancel.Token))
        {
            receipts.Add(receipt);
        }

        await ledger.FlushAsync(cancel.Token);
        RunRecord run = (await ledger.ListRunsAsync(cancellationToken: cancel.Token)).Single();
        IReadOnlyList<InputRecord> inputs = await ledger.ListInputsAsync(run.RunId, new PageQuery { Limit = Materials * 2 }, cancel.Token);
        byte[] ordered = JsonSerializer.SerializeToUtf8Bytes(receipts.OrderBy(r => r.Number).ToList(), CheckoutJsonLists.Default.ListReceipt);
        return (Convert.ToHexString(SHA256.HashData(ordered))[..16], inputs);
    }

    private static List<(long, InputOutcome?, int, int)> Outcomes(IReadOnlyList<InputRecord> inputs) =>
        inputs.OrderBy(i => i.Sequence).Select(i => (i.Sequence, i.Outcome, i.Delivered, i.DeadLettered)).ToList();

    private static int Count(IReadOnlyList<InputRecord> inputs, InputOutcome outcome) => inputs.Count(i => i.Outcome == outcome);
}
