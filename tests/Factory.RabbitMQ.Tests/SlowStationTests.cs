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

/// <summary>
/// Backpressure end to end: Slow's one station takes 50 ms per material (four at a time) in a worker
/// process, while the caller writes its inputs as fast as it is let. The station's queue never holds
/// more than its bound, the caller is held back instead of running ahead, and the worker's memory
/// stays flat.
/// </summary>
public sealed class SlowStationTests(ITestOutputHelper output) : IDisposable
{
    private const int Materials = 1_200;

    // A quorum queue at its x-max-length refuses what comes after it told the publisher's channel it is full (one
    // message past the bound, rabbitmq/rabbitmq-website#1707); what is in flight then gets in: the caller's window of
    // unconfirmed publishes.
    private const uint Bound = Sluggish.QueueLength + 1 + CallerEnd<Order, Receipt>.Window;

    // Materials between the caller's writes and its outputs that backpressure allows: the queue's bound, what the
    // worker holds (its prefetch), the entry's capacity (Linger's 50) and one batch read from it.
    private const int MostInFlight = (int)Bound + 32 + 50 + 64;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(8);

    private readonly string directory = Directory.CreateTempSubdirectory("factory-slow-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task A_slow_station_keeps_its_queue_within_its_bound_holds_the_producer_back_and_its_workers_memory_flat()
    {
        string ledgerPath = Path.Combine(directory, "ledger.db");
        await using (SqliteLedger.Open(ledgerPath))
        {
        }

        LineTopology topology = LineTopology.For(Slow.Descriptor, Sluggish.Topology);
        await TestBroker.PurgeAsync(topology);
        // A 2 MiB first-generation budget: the runtime's heap reaches its steady size within the warm-up (the default
        // budget, some 10 MiB here, is filled only after some 15 s at this pace, the working set rising until then).
        await using WorkerProcess worker = await WorkerProcess.StartAsync(ledgerPath, "slow", "slow", ("DOTNET_GCgen0size", "0x200000"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using SqliteLedger ledger = SqliteLedger.Open(ledgerPath);
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using IChannel looking = await connection.CreateChannelAsync(cancellationToken: cancel.Token);
        LineRun<Order, Receipt> run = new Slow(new Linger()).Start(
            new RunOptions { Transport = new RabbitMqTransport(connection, CheckoutJson.Default, Sluggish.Topology), Observers = [ledger.Observe()] }, cancel.Token);

        int written = 0;
        int received = 0;
        var clock = Stopwatch.StartNew();
        Task producing = Task.Run(async () =>
        {
            for (int i = 1; i <= Materials; i++)
            {
                await run.Input.WriteAsync(new Order(i, "c"), cancel.Token);
                Interlocked.Increment(ref written);
            }

            run.Input.Complete();
        });
        var samples = new List<Sample>();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
        Task sampler = Task.Run(async () =>
        {
            using Process process = Process.GetProcessById(worker.Pid);
            while (!sampling.IsCancellationRequested)
            {
                uint queued = (await looking.QueueDeclarePassiveAsync(topology.StationQueues[0].Name, sampling.Token)).MessageCount;
                process.Refresh();
                samples.Add(new Sample(clock.Elapsed, queued, Volatile.Read(ref written) - Volatile.Read(ref received), process.WorkingSet64));
                await Task.Delay(250, CancellationToken.None);
            }
        });

        await foreach (Receipt _ in run.Output.ReadAllAsync(cancel.Token))
        {
            Interlocked.Increment(ref received);
        }

        await producing;
        LineReport report = await run.Completion;
        TimeSpan took = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler.ContinueWith(_ => { }, TaskScheduler.Default);
        output.WriteLine(await worker.StopAsync());

        // The first seconds are the worker's warm-up (its first collections, tiered compilation, the ledger's first batches).
        Sample[] steady = samples.Where(s => s.At >= WarmUp && s.At <= took).ToArray();
        long least = steady.Min(s => s.WorkingSet);
        long most = steady.Max(s => s.WorkingSet);
        double spread = (double)(most - least) / least;
        output.WriteLine($"{Materials} materials through a 50 ms station (4 at a time) in {took.TotalSeconds:F1} s ({Materials / took.TotalSeconds:F0}/s); " +
            $"{samples.Count} samples every 250 ms: queue length at most {samples.Max(s => s.Queued)} (x-max-length {Sluggish.QueueLength}, bound with the caller's window {Bound}), " +
            $"caller's materials in flight at most {samples.Max(s => s.InFlight)} (of {Materials}); worker working set after {WarmUp.TotalSeconds:F0} s " +
            $"{least / 1_048_576.0:F1}–{most / 1_048_576.0:F1} MiB over {steady.Length} samples: {spread:P1} spread");
        output.WriteLine("at s: queue, in flight, MiB: " + string.Join("; ", samples.Where((_, i) => i % 8 == 0).Select(s => $"{s.At.TotalSeconds:F0}: {s.Queued}, {s.InFlight}, {s.WorkingSet / 1_048_576.0:F1}")));

        Assert.Equal(Materials, received);
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.All(samples, s => Assert.InRange(s.Queued, 0u, Bound));

        // The queue was full (so the producer was faster than the station), and the producer was held back, not let run ahead.
        Assert.InRange(samples.Max(s => s.Queued), (uint)Sluggish.QueueLength * 3 / 4, Bound);
        Assert.InRange(samples.Max(s => s.InFlight), 1, MostInFlight);
        Assert.True(steady.Length >= 20, $"only {steady.Length} samples after the warm-up");
        Assert.True(spread <= 0.10, $"the worker's working set moved {spread:P1} (from {least} to {most} bytes) after its warm-up");
    }

    private sealed record Sample(TimeSpan At, uint Queued, int InFlight, long WorkingSet);
}
