using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Factory.Ledger.Postgres;

/// <summary>
/// Hears gate decisions as they are committed: one connection per ledger that <c>LISTEN</c>s on
/// <see cref="PostgresGateTables.Channel"/>, opened when a run first waits. A notification wakes every
/// waiting gate (each then takes what is its own); while the connection is down, gates poll.
/// </summary>
internal sealed class PostgresDecisionListener(NpgsqlDataSource dataSource) : IDisposable
{
    private readonly CancellationTokenSource closing = new();
    private readonly Lock gate = new();
    private TaskCompletionSource heard = NewSignal();
    private Task? listening;

    /// <summary>Completes at the next decision notified, or after <paramref name="longest"/>.</summary>
    public async Task WaitAsync(TimeSpan longest, CancellationToken cancellationToken)
    {
        Task signal;
        lock (gate)
        {
            listening ??= Task.Run(ListenAsync);
            signal = heard.Task;
        }

        try
        {
            await signal.WaitAsync(longest, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // No notification: the caller looks at the store anyway (the poll that backs the notification up).
        }
    }

    public void Dispose()
    {
        closing.Cancel();
        closing.Dispose();
    }

    private async Task ListenAsync()
    {
        while (!closing.IsCancellationRequested)
        {
            try
            {
                await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(closing.Token).ConfigureAwait(false);
                connection.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand("LISTEN " + PostgresGateTables.Channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(closing.Token).ConfigureAwait(false);
                }

                // A decision may have come between the last wait and LISTEN: wake once.
                Wake();
                while (true)
                {
                    await connection.WaitAsync(closing.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (closing.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or ObjectDisposedException or InvalidOperationException)
            {
                // The server went away: gates poll meanwhile; listen again shortly.
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), closing.Token).ConfigureAwait(false);
                }
                catch (Exception) when (closing.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private void Wake()
    {
        TaskCompletionSource fired;
        lock (gate)
        {
            fired = heard;
            heard = NewSignal();
        }

        fired.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
