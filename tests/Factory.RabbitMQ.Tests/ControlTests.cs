using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger.Sqlite;
using Factory.Testing;
using RabbitMQ.Client;
using Xunit;
using Xunit.Abstractions;

namespace Factory.RabbitMQ.Tests;

/// <summary>Pause, resume and cancel of a run reach every worker through the line's control exchange.</summary>
public sealed class ControlTests(ITestOutputHelper output)
{
    private const int Materials = 300;

    [Fact]
    public async Task A_paused_run_is_worked_on_by_no_worker_until_it_is_resumed_not_even_by_one_that_joined_after_the_pause()
    {
        var line = new Steady(new Crawl());
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker first = await Worker.StartAsync(line, Options());
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        LineRun<Order, Receipt> run = line.Start(new RunOptions { Transport = new RabbitMqTransport(connection, BranchingJson.Default) }, cancel.Token);
        Task writing = WriteAsync(run, cancel.Token);
        var receipts = new List<Receipt>();
        await foreach (Receipt receipt in run.Output.ReadAllAsync(cancel.Token))
        {
            receipts.Add(receipt);
            if (receipts.Count == 30)
            {
                break;
            }
        }

        run.Pause();
        await using Worker second = await Worker.StartAsync(line, Options());

        // The pause reaches the workers over the control exchange, and what they had started finishes: settled once
        // nothing more is done for 750 ms (a worker that ignored the pause does a material every 10 ms, so it never
        // settles, and the 3 s below still see it work).
        long atPause = await SettledAsync(() => first.Hosted.Done + second.Hosted.Done, cancel.Token);
        await Task.Delay(3_000, cancel.Token);
        long whilePaused = first.Hosted.Done + second.Hosted.Done - atPause;

        run.Resume();
        await foreach (Receipt receipt in run.Output.ReadAllAsync(cancel.Token))
        {
            receipts.Add(receipt);
        }

        await writing;
        await run.Completion.WaitAsync(cancel.Token);
        output.WriteLine($"{atPause} materials worked on before the pause settled, {whilePaused} during 3 s paused (one worker joined after the pause), {receipts.Count} outputs in all (workers: {first.Hosted.Done} and {second.Hosted.Done})");
        Assert.True(atPause < Materials, $"the run had finished before the pause ({atPause})");
        Assert.Equal(0, whilePaused);
        Assert.True(second.Hosted.Done > 0, "the worker that joined during the pause took part after the resume");
        Assert.Equal(Materials, receipts.Select(r => r.Number).Distinct().Count());
    }

    /// <summary>The count once it has not moved for 750 ms, or after 15 s, whichever comes first.</summary>
    private static async Task<long> SettledAsync(Func<long> count, CancellationToken cancellationToken)
    {
        long last = count();
        var still = Stopwatch.StartNew();
        var overall = Stopwatch.StartNew();
        while (still.ElapsedMilliseconds < 750 && overall.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(50, cancellationToken);
            long now = count();
            if (now != last)
            {
                last = now;
                still.Restart();
            }
        }

        return last;
    }

    [Fact]
    public async Task A_cancelled_run_leaves_nothing_for_any_worker_to_work_on()
    {
        var line = new Steady(new Crawl());
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker first = await Worker.StartAsync(line, Options());
        await using Worker second = await Worker.StartAsync(line, Options());
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        LineRun<Order, Receipt> run = line.Start(new RunOptions { Transport = new RabbitMqTransport(connection, BranchingJson.Default) }, cancel.Token);
        await WriteAsync(run, cancel.Token);
        int read = 0;
        await foreach (Receipt receipt in run.Output.ReadAllAsync(cancel.Token))
        {
            if (++read == 30)
            {
                break;
            }
        }

        run.Cancel();
        LineReport report = await run.Completion.WaitAsync(cancel.Token);
        Assert.Equal(LineOutcome.Cancelled, report.Outcome);
        var clock = Stopwatch.StartNew();
        string queue = LineTopology.For(Steady.Descriptor).StationQueues[0].Name;
        await using IChannel channel = await connection.CreateChannelAsync();
        uint left;
        while ((left = (await channel.QueueDeclarePassiveAsync(queue, cancel.Token)).MessageCount) > 0 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100, cancel.Token);
        }

        await Task.Delay(500, cancel.Token);
        long worked = first.Hosted.Done + second.Hosted.Done - first.Hosted.Dropped - second.Hosted.Dropped;
        long dropped = first.Hosted.Dropped + second.Hosted.Dropped;
        output.WriteLine($"cancelled after {read} outputs: {worked} materials worked on, {dropped} dropped by the workers, queue empty after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(0u, left);
        Assert.True(dropped > 0, "the workers dropped the cancelled run's materials");
        Assert.True(worked < Materials / 2, $"the workers worked on {worked} of the cancelled run's materials");
    }

    [Fact]
    public async Task A_cancelled_run_started_again_with_its_id_is_worked_on_by_the_workers_that_heard_it_cancelled()
    {
        var line = new Steady(new Crawl());
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker first = await Worker.StartAsync(line, Options());
        await using Worker second = await Worker.StartAsync(line, Options());
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var options = new RunOptions { RunId = "cancelled-then-again-" + Guid.NewGuid().ToString("N"), Transport = new RabbitMqTransport(connection, BranchingJson.Default) };

        LineRun<Order, Receipt> cancelled = line.Start(options, cancel.Token);
        await WriteAsync(cancelled, cancel.Token);
        await foreach (Receipt receipt in cancelled.Output.ReadAllAsync(cancel.Token))
        {
            break;
        }

        cancelled.Cancel();
        Assert.Equal(LineOutcome.Cancelled, (await cancelled.Completion.WaitAsync(cancel.Token)).Outcome);

        // The same run again at once, to the same workers, its inputs written as soon as it starts: the cancelled start's
        // Cancel may reach a worker after the new start's first word, and the new start's first materials before it
        // (nothing orders the control queue and the station queue). Neither may cost the new start a material.
        using var again = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        LineRun<Order, Receipt> started = line.Start(options, again.Token);
        Task writing = WriteAsync(started, again.Token);
        var receipts = new List<Receipt>();
        await foreach (Receipt receipt in started.Output.ReadAllAsync(again.Token))
        {
            receipts.Add(receipt);
        }

        await writing;
        LineReport report = await started.Completion.WaitAsync(again.Token);
        long dropped = await SettledAsync(() => first.Hosted.Dropped + second.Hosted.Dropped, cancel.Token);
        output.WriteLine($"the start again: {report.Outcome}, {receipts.Count} outputs; {dropped} materials dropped in all (the cancelled start's)");
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(Materials, receipts.Select(r => r.Number).Distinct().Count());
    }

    [Fact]
    public async Task A_cancel_said_late_of_an_earlier_start_drops_nothing_of_the_run_started_again()
    {
        var line = new Steady(new Crawl());
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker first = await Worker.StartAsync(line, Options());
        await using Worker second = await Worker.StartAsync(line, Options());
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string runId = "late-cancel-" + Guid.NewGuid().ToString("N");
        LineRun<Order, Receipt> run = line.Start(new RunOptions { RunId = runId, Transport = new RabbitMqTransport(connection, BranchingJson.Default) }, cancel.Token);
        Task writing = WriteAsync(run, cancel.Token);
        var receipts = new List<Receipt>();
        await using IChannel channel = await connection.CreateChannelAsync();
        await foreach (Receipt receipt in run.Output.ReadAllAsync(cancel.Token))
        {
            receipts.Add(receipt);
            if (receipts.Count == 30)
            {
                // The Cancel of this run's start before (cancelled, then started again), reaching the workers only now, in the
                // middle of the new start: the control exchange delivers in no order with the station queues.
                var late = new BasicProperties
                {
                    Headers = new Dictionary<string, object?>
                    {
                        [MessageHeaders.RunId] = runId,
                        [MessageHeaders.RunStart] = "0123456789abcdef",
                        [ControlMessages.Command] = ControlMessages.Cancel,
                    },
                };
                await channel.BasicPublishAsync(LineTopology.For(Steady.Descriptor).ControlExchange, string.Empty, mandatory: false, late, ReadOnlyMemory<byte>.Empty, cancel.Token);
            }
        }

        await writing;
        LineReport report = await run.Completion.WaitAsync(cancel.Token);
        long dropped = first.Hosted.Dropped + second.Hosted.Dropped;
        output.WriteLine($"{report.Outcome}, {receipts.Count} outputs, {dropped} dropped (workers: {first.Hosted.Done} and {second.Hosted.Done} done)");
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(Materials, receipts.Select(r => r.Number).Distinct().Count());
        Assert.Equal(0, dropped);
    }

    [Fact]
    public async Task A_worker_the_ledger_refused_a_cancelled_run_works_on_it_once_it_is_started_again()
    {
        string directory = Directory.CreateTempSubdirectory("factory-controls-").FullName;
        try
        {
            string file = Path.Combine(directory, "resumed.db");
            await using SqliteLedger callers = SqliteLedger.Open(file, new SqliteLedgerOptions { Inputs = BranchingJson.Default });
            await using SqliteLedger workers = SqliteLedger.Open(file, new SqliteLedgerOptions { Inputs = BranchingJson.Default });
            var line = new Steady(new Crawl());
            await using IConnection connection = await TestBroker.ConnectAsync();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            string runId = "refused-then-again-" + Guid.NewGuid().ToString("N");
            RunOptions Run() => new() { RunId = runId, Observers = [callers.Observe()], Transport = new RabbitMqTransport(connection, BranchingJson.Default) };

            // The run is cancelled with materials still queued: its only worker stopped first, so none heard it cancelled.
            Worker early = await Worker.StartAsync(line, Options() with { Ledger = workers });
            LineRun<Order, Receipt> cancelled = line.Start(Run(), cancel.Token);
            await WriteAsync(cancelled, cancel.Token);
            int read = 0;
            await foreach (Receipt receipt in cancelled.Output.ReadAllAsync(cancel.Token))
            {
                if (++read == 30)
                {
                    break;
                }
            }

            await early.DisposeAsync();
            cancelled.Cancel();
            Assert.Equal(LineOutcome.Cancelled, (await cancelled.Completion.WaitAsync(cancel.Token)).Outcome);

            // A new worker takes what was left: the ledger refuses the cancelled run, and the worker drops it.
            await using Worker late = await Worker.StartAsync(line, Options() with { Ledger = workers });
            string queue = LineTopology.For(Steady.Descriptor).StationQueues[0].Name;
            await using IChannel channel = await connection.CreateChannelAsync();
            var clock = Stopwatch.StartNew();
            while ((await channel.QueueDeclarePassiveAsync(queue, cancel.Token)).MessageCount > 0 && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100, cancel.Token);
            }

            // Started again with its id: the same worker joins it now, and every input gets its outcome.
            using var again = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            LineRun<Order, Receipt> started = line.Start(Run(), again.Token);
            Task writing = WriteAsync(started, again.Token);
            int outputs = 0;
            await foreach (Receipt receipt in started.Output.ReadAllAsync(again.Token))
            {
                outputs++;
            }

            await writing;
            LineReport report = await started.Completion.WaitAsync(again.Token);
            output.WriteLine($"{read} outputs before the cancel; started again: {report.Outcome}, {outputs} outputs, the late worker did {late.Hosted.Done}");
            Assert.Equal(LineOutcome.Completed, report.Outcome);
            Assert.Equal(Materials - read, outputs);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static LineWorkerOptions Options() => new() { Broker = RabbitMqBroker.FromEnvironment(), Json = BranchingJson.Default };

    private static Task WriteAsync(LineRun<Order, Receipt> run, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        for (int i = 1; i <= Materials; i++)
        {
            await run.Input.WriteAsync(new Order(i, "c"), cancellationToken);
        }

        run.Input.Complete();
    }, cancellationToken);
}
