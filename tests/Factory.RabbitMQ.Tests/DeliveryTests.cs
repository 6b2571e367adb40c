using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
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
