using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Factory.RabbitMQ;

/// <summary>
/// A worker's ear on its line's control exchange: a queue of its own (exclusive, gone with its
/// connection) bound to the fanout, so every worker hears every pause, resume and cancel.
/// </summary>
internal sealed class ControlConsumer(LineTopology topology, RunControls controls)
{
    private IChannel? channel;

    public async Task StartAsync(IConnection connection, CancellationToken cancellationToken)
    {
        IChannel listening = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        QueueDeclareOk queue = await listening.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        await listening.QueueBindAsync(queue.QueueName, topology.ControlExchange, string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(listening);
        consumer.ReceivedAsync += (_, message) =>
        {
            IDictionary<string, object?>? headers = message.BasicProperties.Headers;
            controls.Apply(headers, MessageHeaders.Text(headers, ControlMessages.Command));
            return Task.CompletedTask;
        };
        await listening.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, cancellationToken).ConfigureAwait(false);
        channel = listening;
    }

    public async ValueTask DisposeAsync()
    {
        if (channel is not null)
        {
            await Channels.CloseQuietlyAsync(channel).ConfigureAwait(false);
            channel = null;
        }
    }
}
