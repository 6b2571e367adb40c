using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger.Postgres;
using Factory.Ledger.Relational;
using Factory.Testing;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

/// <summary>
/// PostgreSQL stopped under a run (a fast shutdown, as an operator's restart: <see cref="PostgresCluster"/>, a
/// cluster of the test's own): started again 10 s later, the run holds its stations on MaxPending, reconnects
/// and completes with every input's one outcome and every row; with a ReconnectWait shorter than the outage it
/// fails naming host:port/database and the cause, and a resume after the server is back completes it.
/// </summary>
public sealed class OutageTests(ITestOutputHelper output) : IDisposable
{
    private const int Count = 6000;
    private const int BeforeStop = 1000;
    private readonly string flight = Directory.CreateTempSubdirectory("factory-outage-flight-").FullName;

    [Fact]
    public async Task A_server_stopped_mid_run_and_started_10_s_later_is_waited_out_and_the_run_completes_with_every_row()
    {
        await using PostgresCluster cluster = PostgresCluster.Create();
        await cluster.StartAsync();
        var options = Options() with { MaxPending = 1000 };
        long peak = 0;
        await using (var ledger = new PostgresLedger(cluster.ConnectionString, options))
        {
            var journal = new Journal();
            LineRun<Order, Shipped> run = new OrderLine(new Receive(journal), new Ship(journal)).Start(Runs.With(ledger, "outage"));
            Task<int> reading = ReadAsync(run);
            using var sampling = new CancellationTokenSource();
            Task sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, ledger.Writer.Pending);
                    await Task.Delay(1);
                }
            });

            await FeedAsync(run, 0, BeforeStop);
            await WaitForOutcomesAsync(cluster);
            var outage = Stopwatch.StartNew();
            await cluster.StopAsync(fast: true);

            // Off the test's thread: admission waits on MaxPending, synchronously, while the writer cannot write.
            Task feeding = Task.Run(() => FeedAsync(run, BeforeStop, Count));
            await Task.Delay(TimeSpan.FromSeconds(10));
            Assert.False(run.Completion.IsCompleted, $"the run ended while the server was down: {(run.Completion.Exception is { } e ? Messages(e) : run.Completion.Status.ToString())}");
            await cluster.StartAsync();
            output.WriteLine($"server down {outage.Elapsed.TotalSeconds:0.0} s");

            await feeding;
            run.Input.Complete();
            int outputs = await reading;
            await run.Completion;
            await sampling.CancelAsync();
            await sampler;
            output.WriteLine($"{ledger.Writer.Retries} retries, pending at most {peak} (MaxPending {options.MaxPending}), {outputs} outputs");
            Assert.Equal(Count, outputs);
            Assert.InRange(ledger.Writer.Retries, 1, 100);
        }

        // Posting threads wait once MaxPending events queue; each adds its own before it waits.
        Assert.True(peak <= options.MaxPending + 64, $"pending reached {peak}");
        Assert.Equal(Count, Scalar(cluster, "SELECT count(*) FROM inputs WHERE outcome = 'delivered' AND entries = 1"));
        Assert.Equal(Count, Scalar(cluster, "SELECT count(*) FROM inputs"));
        Assert.Equal(Count, Scalar(cluster, "SELECT count(*) FROM materials WHERE outcome = 'delivered'"));
        Assert.Equal(2 * Count, Scalar(cluster, "SELECT count(*) FROM executions"));
        Assert.Equal(1, Scalar(cluster, "SELECT count(*) FROM runs WHERE status = 'completed' AND starts = 1"));
        Assert.Equal(0, Scalar(cluster, "SELECT count(*) FROM leases"));
    }

    [Fact]
    public async Task An_outage_longer_than_ReconnectWait_fails_the_run_naming_the_database_and_a_resume_completes_it()
    {
        await using PostgresCluster cluster = PostgresCluster.Create();
        await cluster.StartAsync();
        var options = Options() with { ReconnectWait = TimeSpan.FromSeconds(2), LeaseDuration = TimeSpan.FromSeconds(1) };
        await using (var ledger = new PostgresLedger(cluster.ConnectionString, options))
        {
            var journal = new Journal();
            LineRun<Order, Shipped> run = new OrderLine(new Receive(journal), new Ship(journal)).Start(Runs.With(ledger, "away"));
            Task<int> reading = ReadAsync(run);
            await FeedAsync(run, 0, BeforeStop);
            await WaitForOutcomesAsync(cluster);
            await cluster.StopAsync(fast: true);
            try
            {
                await FeedAsync(run, BeforeStop, Count);
                run.Input.Complete();
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                // The run failed and stopped taking inputs: its completion says why.
            }

            await reading;
            Exception error = await Assert.ThrowsAnyAsync<Exception>(() => run.Completion);
            string text = Messages(error);
            output.WriteLine($"{ledger.Writer.Retries} retries: {text}");
            Assert.Contains($"The ledger {ledger.Name} could not be written for ", text, StringComparison.Ordinal);
            Assert.Contains($"127.0.0.1:{cluster.Port}/postgres", ledger.Name, StringComparison.Ordinal);
            Assert.Contains("(ReconnectWait 00:00:02), so its writer stopped: ", text, StringComparison.Ordinal);
            Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(cluster.ConnectionString).Password!, text, StringComparison.Ordinal);
        }

        // The server is back and the failed run's lease has run out: a resume completes the run.
        await cluster.StartAsync();
        await Task.Delay(options.LeaseDuration * 2);
        await using (var ledger = new PostgresLedger(cluster.ConnectionString, options with { ReconnectWait = TimeSpan.FromMinutes(2) }))
        {
            var journal = new Journal();
            (_, var outputs) = await Runs.RunAsync(new OrderLine(new Receive(journal), new Ship(journal)), Runs.Orders(Count), Runs.With(ledger, "away"));
            output.WriteLine($"the resume delivered {outputs.Count}");
        }

        Assert.Equal(Count, Scalar(cluster, "SELECT count(*) FROM inputs WHERE outcome = 'delivered'"));
        Assert.Equal(Count, Scalar(cluster, "SELECT count(*) FROM inputs"));
        Assert.Equal(1, Scalar(cluster, "SELECT count(*) FROM runs WHERE status = 'completed' AND starts = 2"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(flight, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private PostgresLedgerOptions Options() => new()
    {
        Inputs = LedgerJson.Default,
        BatchSize = 100,
        FlightFolder = flight,
    };

    private static async Task FeedAsync(LineRun<Order, Shipped> run, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            await run.Input.WriteAsync(new Order(i, $"order {i}"));
        }
    }

    private static Task<int> ReadAsync(LineRun<Order, Shipped> run) => Task.Run(async () =>
    {
        int outputs = 0;
        await foreach (Shipped _ in run.Output.ReadAllAsync())
        {
            outputs++;
        }

        return outputs;
    });

    private static async Task WaitForOutcomesAsync(PostgresCluster cluster)
    {
        var waited = Stopwatch.StartNew();
        while (Scalar(cluster, "SELECT count(*) FROM inputs WHERE outcome IS NOT NULL") == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "no outcome was recorded before the stop");
            await Task.Delay(10);
        }
    }

    private static long Scalar(PostgresCluster cluster, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Messages(Exception error)
    {
        var text = new System.Text.StringBuilder();
        var pending = new System.Collections.Generic.Stack<Exception>();
        pending.Push(error);
        while (pending.TryPop(out Exception? next))
        {
            text.Append(next.GetType().Name).Append(": ").Append(next.Message).Append(" <- ");
            if (next is AggregateException aggregate)
            {
                foreach (Exception inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (next.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return text.ToString();
    }
}
