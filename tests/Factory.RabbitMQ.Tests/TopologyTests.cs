using System.Collections.Generic;
using System.Threading.Tasks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Factory.RabbitMQ.Tests;

public class TopologyTests
{
    [Fact]
    public void Each_station_gets_a_quorum_queue_that_dead_letters_at_least_once_at_its_delivery_limit()
    {
        LineTopology topology = LineTopology.For(Checkout.Descriptor, new TopologyOptions { DeliveryLimit = 4, QueueLength = 32 });

        Assert.Equal(["factory.Checkout.station.Price", "factory.Checkout.station.Print"], [.. System.Linq.Enumerable.Select(topology.StationQueues, q => q.Name)]);
        IReadOnlyDictionary<string, object> print = topology.QueueOf(Print.Descriptor).Arguments;
        Assert.Equal("quorum", print["x-queue-type"]);
        Assert.Equal("factory.Checkout.dead-letters", print["x-dead-letter-exchange"]);
        Assert.Equal("at-least-once", print["x-dead-letter-strategy"]);
        Assert.Equal("reject-publish", print["x-overflow"]);
        Assert.Equal(5, print["x-delivery-limit"]); // a backstop: the suspects queue counts at the station's own
        Assert.Equal(64, print["x-max-length"]); // never below the station's Capacity (64)
        Assert.Equal(["factory.Checkout.suspects.Price", "factory.Checkout.suspects.Print"], [.. System.Linq.Enumerable.Select(topology.SuspectQueues, q => q.Name)]);
        IReadOnlyDictionary<string, object> suspects = topology.SuspectQueueOf(Print.Descriptor).Arguments;
        Assert.Equal(4, suspects["x-delivery-limit"]);
        Assert.Equal(
            System.Linq.Enumerable.Where(print, a => a.Key != "x-delivery-limit"),
            System.Linq.Enumerable.Where(suspects, a => a.Key != "x-delivery-limit"));
        Assert.Equal(256, topology.QueueOf(Price.Descriptor).Arguments["x-max-length"]);
        Assert.Equal(100, LineTopology.For(Checkout.Descriptor, new TopologyOptions { QueueLength = 100 }).QueueOf(Print.Descriptor).Arguments["x-max-length"]);
        Assert.Equal("factory.Checkout.exit.run-7", topology.ExitQueue("run-7").Name);
    }

    [Fact]
    public void A_station_named_in_DeliveryLimits_gets_its_own_delivery_limit_the_others_the_lines()
    {
        LineTopology topology = LineTopology.For(Checkout.Descriptor, new TopologyOptions { DeliveryLimit = 4, DeliveryLimits = new Dictionary<string, int> { ["Print"] = 1 } });

        Assert.Equal(1, topology.SuspectQueueOf(Print.Descriptor).Arguments["x-delivery-limit"]);
        Assert.Equal(4, topology.SuspectQueueOf(Price.Descriptor).Arguments["x-delivery-limit"]);
        Assert.Equal(2, topology.QueueOf(Print.Descriptor).Arguments["x-delivery-limit"]);
        Assert.Equal(5, topology.QueueOf(Price.Descriptor).Arguments["x-delivery-limit"]);
    }

    [Fact]
    public void A_delivery_limit_for_a_station_the_line_does_not_have_is_an_error_naming_it_and_the_stations()
    {
        var error = Assert.Throws<System.ArgumentException>(() =>
            LineTopology.For(Checkout.Descriptor, new TopologyOptions { DeliveryLimits = new Dictionary<string, int> { ["Prnt"] = 1 } }));

        Assert.StartsWith("Line 'Checkout' has no station 'Prnt' to give a delivery limit of its own; its stations: Price, Print.", error.Message, System.StringComparison.Ordinal);
        Assert.Throws<System.ArgumentOutOfRangeException>(() =>
            LineTopology.For(Checkout.Descriptor, new TopologyOptions { DeliveryLimits = new Dictionary<string, int> { ["Print"] = 0 } }));
    }

    [Fact]
    public async Task A_stations_own_delivery_limit_changed_is_an_error_naming_its_queue_and_the_argument()
    {
        await using IConnection connection = await TestBroker.ConnectAsync();
        LineDescriptor line = TestBroker.FreshCheckout();
        LineTopology before = LineTopology.For(line);
        LineTopology after = LineTopology.For(line, new TopologyOptions { DeliveryLimits = new Dictionary<string, int> { ["Print"] = 1 } });
        try
        {
            await TopologyDeclarer.DeclareAsync(connection, before);

            var error = await Assert.ThrowsAsync<TopologyMismatchException>(() => TopologyDeclarer.DeclareAsync(connection, after));

            Assert.Equal(after.StationQueues[1].Name, error.Queue);
            Assert.Equal([new ArgumentDifference("x-delivery-limit", "'2'", "'4'")], error.Differences);
            Assert.Contains("x-delivery-limit: the line declares '2', the queue has '4'", error.Message, System.StringComparison.Ordinal);
        }
        finally
        {
            await TestBroker.DeleteAsync(connection, before);
        }
    }

    [Fact]
    public async Task Declaring_twice_changes_nothing()
    {
        await using IConnection connection = await TestBroker.ConnectAsync();
        LineTopology topology = LineTopology.For(TestBroker.FreshCheckout());
        try
        {
            await TopologyDeclarer.DeclareAsync(connection, topology);
            await TopologyDeclarer.DeclareAsync(connection, topology);

            await using IChannel channel = await connection.CreateChannelAsync();
            foreach (QueueSpec queue in System.Linq.Enumerable.Concat(topology.StationQueues, topology.SuspectQueues))
            {
                QueueDeclareOk ok = await channel.QueueDeclarePassiveAsync(queue.Name);
                Assert.Equal(0u, ok.MessageCount);
            }
        }
        finally
        {
            await TestBroker.DeleteAsync(connection, topology);
        }
    }

    [Fact]
    public async Task A_queue_declared_with_other_options_is_an_error_naming_the_queue_and_each_differing_argument()
    {
        await using IConnection connection = await TestBroker.ConnectAsync();
        LineDescriptor line = TestBroker.FreshCheckout();
        LineTopology before = LineTopology.For(line, new TopologyOptions { DeliveryLimit = 3, QueueLength = 1_000 });
        LineTopology after = LineTopology.For(line, new TopologyOptions { DeliveryLimit = 5, QueueLength = 2_000 });
        try
        {
            await TopologyDeclarer.DeclareAsync(connection, before);

            var error = await Assert.ThrowsAsync<TopologyMismatchException>(() => TopologyDeclarer.DeclareAsync(connection, after));

            Assert.Equal(after.StationQueues[0].Name, error.Queue);
            Assert.Equal(
                [new ArgumentDifference("x-delivery-limit", "'6'", "'4'"), new ArgumentDifference("x-max-length", "'2000'", "'1000'")],
                [.. System.Linq.Enumerable.OrderBy(error.Differences, d => d.Argument)]);
            Assert.Contains($"Queue '{after.StationQueues[0].Name}' exists with other arguments than the line declares", error.Message, System.StringComparison.Ordinal);
            Assert.Contains("x-delivery-limit: the line declares '6', the queue has '4'", error.Message, System.StringComparison.Ordinal);
        }
        finally
        {
            await TestBroker.DeleteAsync(connection, before);
        }
    }

    [Fact]
    public async Task A_suspects_queue_declared_with_another_delivery_limit_is_an_error_naming_it()
    {
        await using IConnection connection = await TestBroker.ConnectAsync();
        LineTopology topology = LineTopology.For(TestBroker.FreshCheckout());
        QueueSpec suspects = topology.SuspectQueues[1];
        try
        {
            var other = new Dictionary<string, object>(suspects.Arguments) { ["x-delivery-limit"] = 9 };
            await TopologyDeclarer.DeclareQueueAsync(connection, suspects with { Arguments = other });

            var error = await Assert.ThrowsAsync<TopologyMismatchException>(() => TopologyDeclarer.DeclareAsync(connection, topology));

            Assert.Equal(suspects.Name, error.Queue);
            Assert.Equal([new ArgumentDifference("x-delivery-limit", "'3'", "'9'")], error.Differences);
        }
        finally
        {
            await TestBroker.DeleteAsync(connection, topology);
        }
    }

    // The arguments it lacks that RabbitMQ compares for a classic queue: it ignores a classic queue's delivery limit and dead-letter strategy.
    [Fact]
    public async Task A_classic_queue_in_the_way_is_named_with_its_type_and_the_arguments_it_lacks()
    {
        await using IConnection connection = await TestBroker.ConnectAsync();
        LineTopology topology = LineTopology.For(TestBroker.FreshCheckout());
        string name = topology.StationQueues[1].Name;
        try
        {
            await using (IChannel channel = await connection.CreateChannelAsync())
            {
                await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false);
            }

            var error = await Assert.ThrowsAsync<TopologyMismatchException>(() => TopologyDeclarer.DeclareAsync(connection, topology));

            Assert.Equal(name, error.Queue);
            Assert.Equal(
                ["x-dead-letter-exchange", "x-max-length", "x-overflow", "x-queue-type"],
                [.. System.Linq.Enumerable.Order(System.Linq.Enumerable.Select(error.Differences, d => d.Argument))]);
            Assert.All(error.Differences, d => Assert.Equal("none", d.Existing));
        }
        finally
        {
            await TestBroker.DeleteAsync(connection, topology);
        }
    }
}
