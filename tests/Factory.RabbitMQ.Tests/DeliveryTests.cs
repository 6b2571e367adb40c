using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory;
using Factory.Ledger.Sqlite;
using Factory.Testing;
using RabbitMQ.Client;
using Xunit;
using Xunit.Abstractions;

namespace Factory.RabbitMQ.Tests;

public class DeliveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_line_on_the_broker_gives_what_it_gives_in_process()
    {
        var line = new Checkout(new Price(), new Print());
        Order[] orders = Enumerable.Range(1, 500).Select(i => new Order(i, "customer " + (i % 7))).ToArray();
        List<Receipt> inProcess = await Collect(line.RunAsync(orders));

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using IConnection connection = await TestBroker.ConnectAsync();
        var worker = LineWorker.For(line, new LineWorkerOptions { Broker = RabbitMqBroker.FromEnvironment(), Json = CheckoutJson.Default });
        await worker.StartAsync(cancel.Token);
        try
        {
            await worker.Started;
            var options = new RunOptions { Transport = new RabbitMqTransport(connection, CheckoutJson.Default) };
            List<Receipt> distributed = await Collect(line.RunAsync(orders, options, cancel.Token));

            output.WriteLine($"{distributed.Count} outputs on the broker, {inProcess.Count} in process; worker acknowledged {worker.Done}");
            Assert.Equal(inProcess.OrderBy(r => r.Number), distributed.OrderBy(r => r.Number));
            Assert.Equal(2 * orders.Length, worker.Done);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Several_materials_to_a_message_give_what_a_message_a_material_gives()
    {
        var line = new Checkout(new Price(), new Print());
        Order[] orders = Enumerable.Range(1, 3_000).Select(i => new Order(i, "customer " + (i % 7))).ToArray();
        List<Receipt> inProcess = await Collect(line.RunAsync(orders));

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker worker = await Worker.StartAsync(line, new LineWorkerOptions { Broker = RabbitMqBroker.FromEnvironment(), Json = CheckoutJson.Default, Topology = Packing.Topology });
        var options = new RunOptions { Transport = new RabbitMqTransport(connection, CheckoutJson.Default, Packing.Topology) };
        List<Receipt> distributed = await Collect(line.RunAsync(orders, options, cancel.Token));

        output.WriteLine($"{distributed.Count} outputs; the worker did {worker.Hosted.Done} materials, {worker.Hosted.PacksTaken} of its deliveries held several");
        Assert.Equal(inProcess, distributed);
        Assert.Equal(2 * orders.Length, worker.Hosted.Done);

        // The caller packs what it has at hand for Price, the worker Price's outputs for Print.
        Assert.True(worker.Hosted.PacksTaken > 0, "no delivery held several materials");
    }

    [Fact]
    public async Task A_pack_given_again_goes_back_a_material_a_message_and_each_of_its_materials_is_done_once()
    {
        var line = new Checkout(new Price(), new Print());
        Order[] orders = Enumerable.Range(1, 1_000).Select(i => new Order(i, "c")).ToArray();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using IConnection connection = await TestBroker.ConnectAsync();
        string price = LineTopology.For(Checkout.Descriptor, Packing.Topology).StationQueues[0].Name;
        await TopologyDeclarer.DeclareAsync(connection, LineTopology.For(Checkout.Descriptor, Packing.Topology));
        await using (IChannel purging = await connection.CreateChannelAsync())
        {
            await purging.QueuePurgeAsync(price);
        }

        // No worker yet: the inputs wait in Price's queue, packed. A channel takes a pack and closes without acknowledging
        // it, as a worker that dies holding it would: the broker gives it again, marked redelivered.
        LineRun<Order, Receipt> run = line.Start(new RunOptions { Transport = new RabbitMqTransport(connection, CheckoutJson.Default, Packing.Topology) }, cancel.Token);
        foreach (Order order in orders)
        {
            await run.Input.WriteAsync(order, cancel.Token);
        }

        run.Input.Complete();
        int taken = 0;
        await using (IChannel dying = await connection.CreateChannelAsync())
        {
            while (taken < 2)
            {
                BasicGetResult? got = await dying.BasicGetAsync(price, autoAck: false, cancel.Token);
                if (got is null)
                {
                    await Task.Delay(20, cancel.Token);
                    continue;
                }

                // A material alone (the first few go at once, alone) is held too, and goes back with the pack.
                taken = MaterialPack.Read(got.BasicProperties.Headers, got.Body).Count;
            }
        }

        await using Worker worker = await Worker.StartAsync(line, new LineWorkerOptions { Broker = RabbitMqBroker.FromEnvironment(), Json = CheckoutJson.Default, Topology = Packing.Topology });
        var receipts = new List<Receipt>();
        await foreach (Receipt receipt in run.Output.ReadAllAsync(cancel.Token))
        {
            receipts.Add(receipt);
        }

        await run.Completion.WaitAsync(cancel.Token);
        output.WriteLine($"a pack of {taken} taken and let go; the worker: {worker.Hosted.Redelivered} materials redelivered, {worker.Hosted.Done} done, {worker.Hosted.PacksTaken} packs, {worker.Hosted.SentAlone} sent back alone; {receipts.Count} outputs");
        Assert.Equal(orders.Select(o => o.Number), receipts.Select(r => r.Number));

        // The pack came back once, was sent back a material a message, and each material ran once at each station:
        // done counts materials whose delivery was acknowledged after the work, never the pack sent back.
        Assert.True(worker.Hosted.Redelivered >= taken, $"{worker.Hosted.Redelivered} redelivered, the pack held {taken}");
        Assert.Equal(taken, worker.Hosted.SentAlone);
        Assert.Equal(2 * orders.Length, worker.Hosted.Done);
    }

    [Fact]
    public async Task A_suspect_past_the_delivery_limit_by_its_crashes_is_a_dead_letter_without_running_and_one_at_the_limit_runs()
    {
        var line = new Checkout(new Price(), new Print());
        LineTopology topology = LineTopology.For(Checkout.Descriptor);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await TestBroker.PurgeAsync(topology);
        await using IConnection connection = await TestBroker.ConnectAsync();
        LineRun<Order, Receipt> run = line.Start(new RunOptions { Transport = new RabbitMqTransport(connection, CheckoutJson.Default) }, cancel.Token);
        for (int i = 1; i <= 20; i++)
        {
            await run.Input.WriteAsync(new Order(i, "c"), cancel.Token);
        }

        run.Input.Complete();

        // No worker yet: two of Price's deliveries are moved to its suspects by hand, as a worker would, one with as many
        // crashes as Price's delivery limit (3) and one with one more.
        var moved = new List<(long Material, long Crashes)>();
        var confirming = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);
        await using (IChannel mover = await connection.CreateChannelAsync(confirming, cancel.Token))
        {
            while (moved.Count < 2)
            {
                BasicGetResult? got = await mover.BasicGetAsync(topology.StationQueues[0].Name, autoAck: false, cancel.Token);
                if (got is null)
                {
                    await Task.Delay(20, cancel.Token);
                    continue;
                }

                long crashes = 3 + moved.Count;
                var headers = got.BasicProperties.Headers!.ToDictionary(h => h.Key, h => h.Value);
                headers[MessageHeaders.Crashes] = crashes;
                await mover.BasicPublishAsync(string.Empty, topology.SuspectQueues[0].Name, mandatory: true, new BasicProperties { Persistent = true, Headers = headers }, got.Body, cancel.Token);
                await mover.BasicAckAsync(got.DeliveryTag, multiple: false, cancel.Token);
                moved.Add((MessageHeaders.Long(headers, MessageHeaders.MaterialId), crashes));
            }
        }

        await using Worker worker = await Worker.StartAsync(line);
        List<Receipt> receipts = await Collect(run.Output.ReadAllAsync(cancel.Token));
        LineReport report = await run.Completion.WaitAsync(cancel.Token);
        output.WriteLine($"moved by hand: {string.Join(", ", moved.Select(m => $"material {m.Material} with {m.Crashes} crashes"))}; {receipts.Count} outputs, " +
            $"dead letters: {string.Join("; ", report.DeadLetters.Select(d => $"material {d.MaterialId} at {d.Station}: {d.Message}"))}; the worker ran {worker.Hosted.SuspectsRun} suspect(s)");

        DeadLetter letter = Assert.Single(report.DeadLetters);
        Assert.Equal((moved[1].Material, "Price", DeliveryLimit.ExceptionType), (letter.MaterialId, letter.Station, letter.ExceptionType));
        Assert.StartsWith("delivery limit", letter.Message, StringComparison.Ordinal);
        Assert.Equal(19, receipts.Count);
        Assert.Equal(1, worker.Hosted.SuspectsRun);
        Assert.Equal(1, worker.Hosted.DeliveryLimitLetters);
    }

    [Fact]
    public async Task A_suspect_past_the_delivery_limit_that_its_station_already_did_is_acknowledged_not_a_dead_letter()
    {
        // A worker that ran a suspect, sent its outputs on and recorded it, then died (or stopped) before acknowledging it:
        // the broker gives it again with one crash more, past the limit, but the ledger knows it is done.
        var line = new Checkout(new Price(), new Print());
        LineTopology topology = LineTopology.For(Checkout.Descriptor);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await TestBroker.PurgeAsync(topology);
        string directory = Directory.CreateTempSubdirectory("factory-suspect-done-").FullName;
        try
        {
            await using SqliteLedger ledger = SqliteLedger.Open(Path.Combine(directory, "ledger.db"));
            await using IConnection connection = await TestBroker.ConnectAsync();
            LineRun<Order, Receipt> run = line.Start(
                new RunOptions { Transport = new RabbitMqTransport(connection, CheckoutJson.Default), Observers = [ledger.Observe()] },
                cancel.Token);
            await run.Input.WriteAsync(new Order(1, "c"), cancel.Token);

            // Order 1's delivery to Price, kept by hand and put back, so that a worker runs it once.
            var confirming = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);
            await using IChannel mover = await connection.CreateChannelAsync(confirming, cancel.Token);
            BasicGetResult? got = null;
            while (got is null)
            {
                got = await mover.BasicGetAsync(topology.StationQueues[0].Name, autoAck: false, cancel.Token);
                await Task.Delay(got is null ? 20 : 0, cancel.Token);
            }

            var headers = got.BasicProperties.Headers!.ToDictionary(h => h.Key, h => h.Value);
            long material = MessageHeaders.Long(headers, MessageHeaders.MaterialId);
            await mover.BasicPublishAsync(string.Empty, topology.StationQueues[0].Name, mandatory: true, new BasicProperties { Persistent = true, Headers = headers }, got.Body, cancel.Token);
            await mover.BasicAckAsync(got.DeliveryTag, multiple: false, cancel.Token);

            await using Worker worker = await Worker.StartAsync(line, ledger: ledger);
            var receipts = new List<Receipt>();
            await foreach (Receipt receipt in run.Output.ReadAllAsync(cancel.Token))
            {
                receipts.Add(receipt);
                break;
            }

            while (!(await ledger.GetProvenanceAsync(run.RunId, material, cancel.Token)).Any(a => a.Station == "Price" && a.Outcome == ExecutionOutcome.Succeeded))
            {
                await Task.Delay(20, cancel.Token);
            }

            // The same delivery again as a suspect with one crash past Price's limit (3).
            headers[MessageHeaders.Crashes] = 4L;
            await mover.BasicPublishAsync(string.Empty, topology.SuspectQueues[0].Name, mandatory: true, new BasicProperties { Persistent = true, Headers = headers }, got.Body, cancel.Token);
            while (worker.Hosted.SuspectsRun + worker.Hosted.DeliveryLimitLetters == 0)
            {
                await Task.Delay(20, cancel.Token);
            }

            await run.Input.WriteAsync(new Order(2, "c"), cancel.Token);
            run.Input.Complete();
            await foreach (Receipt receipt in run.Output.ReadAllAsync(cancel.Token))
            {
                receipts.Add(receipt);
            }

            LineReport report = await run.Completion.WaitAsync(cancel.Token);
            output.WriteLine($"material {material} done at Price, given again as a suspect with 4 crashes: {worker.Hosted.SuspectsRun} suspect(s) acknowledged as done, " +
                $"{worker.Hosted.DeliveryLimitLetters} past the limit, {report.DeadLetters.Count} dead letter(s), outputs {string.Join(", ", receipts.Select(r => r.Number))}");
            Assert.Equal(0, worker.Hosted.DeliveryLimitLetters);
            Assert.Equal(1, worker.Hosted.SuspectsRun);
            Assert.Empty(report.DeadLetters);
            Assert.Equal([1, 2], receipts.Select(r => r.Number).Order());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
