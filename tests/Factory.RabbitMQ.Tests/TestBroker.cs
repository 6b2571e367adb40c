using System;
using System.Linq;
using System.Threading.Tasks;
using Factory.Testing;
using RabbitMQ.Client;

namespace Factory.RabbitMQ.Tests;

/// <summary>Connections to the test broker, and lines with names no other test (or earlier run) uses.</summary>
internal static class TestBroker
{
    public static Task<IConnection> ConnectAsync() =>
        new ConnectionFactory { Uri = RabbitMqBroker.FromEnvironment(), ClientProvidedName = "factory-tests" }.CreateConnectionAsync();

    /// <summary><see cref="Checkout"/>'s descriptor under a fresh name, so its queues are new.</summary>
    public static LineDescriptor FreshCheckout() =>
        LineDescriptor.Create("checkout-" + Guid.NewGuid().ToString("N")[..12], Checkout.Descriptor.TypeName, LineStep.Of(Price.Descriptor), LineStep.Of(Print.Descriptor));

    /// <summary>Deletes what the topology declared.</summary>
    public static async Task DeleteAsync(IConnection connection, LineTopology topology)
    {
        await using IChannel channel = await connection.CreateChannelAsync();
        foreach (QueueSpec queue in topology.StationQueues.Concat(topology.SuspectQueues).Append(topology.DeadLetterQueue))
        {
            await channel.QueueDeleteAsync(queue.Name, ifUnused: false, ifEmpty: false);
        }

        await channel.ExchangeDeleteAsync(topology.DeadLetterExchange, ifUnused: false);
    }

    /// <summary>Declares the topology and empties its queues: an earlier run's leftovers (a test killed half way) would go to this test's workers.</summary>
    public static async Task PurgeAsync(LineTopology topology)
    {
        await using IConnection connection = await ConnectAsync();
        await TopologyDeclarer.DeclareAsync(connection, topology);
        await using IChannel channel = await connection.CreateChannelAsync();
        foreach (QueueSpec queue in topology.StationQueues.Concat(topology.SuspectQueues).Append(topology.DeadLetterQueue))
        {
            await channel.QueuePurgeAsync(queue.Name);
        }
    }
}
