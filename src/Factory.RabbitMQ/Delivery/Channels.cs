using System;
using System.Threading.Tasks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Factory.RabbitMQ;

/// <summary>What a lost connection looks like to a channel's caller, and closing channels that may already be gone.</summary>
internal static class Channels
{
    /// <summary>True for the exceptions of an operation on a channel whose connection is lost (or recovering).</summary>
    public static bool IsConnectionLoss(Exception exception) =>
        exception is AlreadyClosedException or OperationInterruptedException { ShutdownReason.ReplyCode: not 406 and not 404 };

    /// <summary>Closes and disposes <paramref name="channel"/>; a channel the connection's loss already closed is only disposed.</summary>
    public static async Task CloseQuietlyAsync(IChannel channel)
    {
        try
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync().ConfigureAwait(false);
            }
        }
        catch (Exception lost) when (IsConnectionLoss(lost))
        {
            // Already gone with its connection.
        }
        finally
        {
            channel.Dispose();
        }
    }
}
