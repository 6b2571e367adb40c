using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Factory.Ledger.Sqlite;
using Factory.RabbitMQ;
using MassTransit;
using RabbitMQ.Client;

namespace Factory.Benchmarks;

/// <summary>
/// Materials per second through RabbitMQ on loopback (the broker FACTORY_RABBITMQ names), publisher
/// confirms on every publish, quorum queues, each input acknowledged only after its output is confirmed:
/// one station with one worker, one station with three competing workers, and a three-station line in
/// one worker. Factory's caller and workers (<see cref="LineWorker"/>s, each with its own connection)
/// run in this process, with the SQLite ledger they record into and without one; MassTransit does the
/// same work on the same broker: a consumer per station (prefetch 32, quorum queues) that sends its
/// output to the next queue (or the exit) before its message is acknowledged, buses per worker, and a
/// producer with up to 64 sends in flight, as Factory's caller keeps. Factory packs up to
/// <see cref="MaterialsPerMessage"/> materials of a run to a message where it has them at hand
/// (<see cref="TopologyOptions.MaterialsPerMessage"/>), and once more with a message per material.
/// </summary>
[BenchmarkCategory("Broker")]
[Config(typeof(Columns))]
public class BrokerThroughput
{
    private const int Window = 64;

    /// <summary>The most materials Factory's caller and workers put in one message.</summary>
    public const int MaterialsPerMessage = 64;

    private readonly List<LineWorker> workers = [];
    private readonly List<IBusControl> buses = [];
    private int count;
    private long expected;
    private string folder = string.Empty;
    private SqliteLedger? ledger;
    private IConnection connection = null!;
    private ISendEndpoint first = null!;
    private TopologyOptions topology = new();

    [Params(BrokerShape.OneStation, BrokerShape.OneStationThreeWorkers, BrokerShape.ThreeStations)]
    public BrokerShape Shape { get; set; }

    private int Workers => Shape == BrokerShape.OneStationThreeWorkers ? 3 : 1;

    [GlobalSetup(Target = nameof(FactoryWithLedger))]
    public void StartFactoryWithLedger() => StartFactory(withLedger: true, MaterialsPerMessage);

    [GlobalSetup(Target = nameof(FactoryWithoutLedger))]
    public void StartFactoryWithoutLedger() => StartFactory(withLedger: false, MaterialsPerMessage);

    [GlobalSetup(Target = nameof(FactoryMessagePerMaterial))]
    public void StartFactoryMessagePerMaterial() => StartFactory(withLedger: true, materialsPerMessage: 1);

    [GlobalSetup(Target = nameof(MassTransit))]
    public void StartMassTransit()
    {
        Count();
        string[] stations = Shape == BrokerShape.ThreeStations ? ["add-one", "twice", "mask"] : ["add-one"];
        Func<long, long>[] work = [v => v + 1, v => v * 2, v => v ^ Mask.Bits];
        string prefix = "masstransit.bench." + Shape + ".";
        for (int w = 0; w < Workers; w++)
        {
            buses.Add(Bus.Factory.CreateUsingRabbitMq(bus =>
            {
                Host(bus);
                for (int s = 0; s < stations.Length; s++)
                {
                    string next = s + 1 < stations.Length ? prefix + stations[s + 1] : prefix + "exit";
                    Func<long, long> step = work[s];
                    bus.ReceiveEndpoint(prefix + stations[s], endpoint =>
                    {
                        endpoint.SetQuorumQueue();
                        endpoint.PrefetchCount = 32;
                        endpoint.ConfigureConsumeTopology = false;
                        // Sent to the endpoint's exchange: a "queue:" address would declare a classic queue in the quorum queue's way.
                        endpoint.Consumer(() => new StationConsumer(step, new Uri("exchange:" + next)));
                    });
                }
            }));
        }

        buses.Add(Bus.Factory.CreateUsingRabbitMq(bus =>
        {
            Host(bus);
            bus.ReceiveEndpoint(prefix + "exit", endpoint =>
            {
                endpoint.SetQuorumQueue();
                endpoint.PrefetchCount = 256;
                endpoint.ConfigureConsumeTopology = false;
                endpoint.Consumer(() => new ExitConsumer());
            });
        }));
        foreach (IBusControl bus in buses)
        {
            bus.StartAsync().GetAwaiter().GetResult();
        }

        first = buses[^1].GetSendEndpoint(new Uri("exchange:" + prefix + stations[0])).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Stop()
    {
        foreach (LineWorker worker in workers)
        {
            worker.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            worker.Dispose();
        }

        foreach (IBusControl bus in buses)
        {
            bus.StopAsync().GetAwaiter().GetResult();
        }

        workers.Clear();
        buses.Clear();
        connection?.Dispose();
        ledger?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (folder.Length > 0)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Factory, every station's attempts recorded in a SQLite ledger (flushed before each acknowledgement).</summary>
    [BrokerMaterials(Description = "Factory, SQLite ledger")]
    public Task<long> FactoryWithLedger() => RunFactoryAsync();

    /// <summary>Factory's workers recording nothing, as MassTransit does.</summary>
    [BrokerMaterials(Description = "Factory, no ledger")]
    public Task<long> FactoryWithoutLedger() => RunFactoryAsync();

    /// <summary>Factory with its ledger, a message per material (<see cref="TopologyOptions.MaterialsPerMessage"/> 1, the default).</summary>
    [BrokerMaterials(Description = "Factory, SQLite ledger, a message a material")]
    public Task<long> FactoryMessagePerMaterial() => RunFactoryAsync();

    /// <summary>MassTransit, the same work on the same broker.</summary>
    [BrokerMaterials(Baseline = true, Description = "MassTransit")]
    public async Task<long> MassTransit()
    {
        ExitConsumer.Expect(count);
        using var window = new SemaphoreSlim(Window, Window);
        var sends = new List<Task>(count);
        for (int i = 0; i < count; i++)
        {
            await window.WaitAsync().ConfigureAwait(false);
            sends.Add(SendAsync(new Reading(i), window));
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
        long sum = await ExitConsumer.Done.WaitAsync(TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(MassTransit));
        return sum;
    }

    private async Task SendAsync(Reading parcel, SemaphoreSlim window)
    {
        try
        {
            await first.Send(parcel).ConfigureAwait(false);
        }
        finally
        {
            window.Release();
        }
    }

    private async Task<long> RunFactoryAsync()
    {
        var options = new RunOptions
        {
            Transport = new RabbitMqTransport(connection, BrokerJson.Default, topology),
            Observers = ledger is null ? [] : [ledger.Observe()],
        };
        IEnumerable<long> inputs = Enumerable.Range(0, count).Select(i => (long)i);
        long sum = 0;
        IAsyncEnumerable<long> outputs = Shape == BrokerShape.ThreeStations
            ? new BrokerThree(new AddOne(), new Twice(), new Mask()).RunAsync(inputs, options)
            : new BrokerOne(new AddOne()).RunAsync(inputs, options);
        await foreach (long value in outputs.ConfigureAwait(false))
        {
            sum += value;
        }

        Expected.Check(expected, sum, Shape.ToString());
        return sum;
    }

    private void StartFactory(bool withLedger, int materialsPerMessage)
    {
        Count();
        topology = new TopologyOptions { MaterialsPerMessage = materialsPerMessage };
        Uri broker = BrokerUri();
        if (withLedger)
        {
            folder = Path.Combine(Path.GetTempPath(), "factory-broker-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            ledger = SqliteLedger.Open(Path.Combine(folder, "ledger.db"));
        }

        var options = new LineWorkerOptions { Broker = broker, Json = BrokerJson.Default, Ledger = ledger, Topology = topology };
        for (int w = 0; w < Workers; w++)
        {
            LineWorker worker = Shape == BrokerShape.ThreeStations
                ? LineWorker.For(new BrokerThree(new AddOne(), new Twice(), new Mask()), options)
                : LineWorker.For(new BrokerOne(new AddOne()), options);
            worker.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            worker.Started.WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
            workers.Add(worker);
        }

        connection = new ConnectionFactory { Uri = broker }.CreateConnectionAsync().GetAwaiter().GetResult();
    }

    private void Count()
    {
        count = BrokerMaterialsAttribute.Count;
        expected = Shape == BrokerShape.ThreeStations ? Expected.Linear3(count) : Enumerable.Range(0, count).Sum(i => (long)i + 1);
    }

    private static void Host(IRabbitMqBusFactoryConfigurator bus)
    {
        Uri broker = BrokerUri();
        string[] user = Uri.UnescapeDataString(broker.UserInfo).Split(':', 2);
        bus.Host(broker.Host, (ushort)broker.Port, "/", host =>
        {
            host.Username(user.Length > 0 && user[0].Length > 0 ? user[0] : "guest");
            host.Password(user.Length > 1 ? user[1] : "guest");
        });
    }

    private static Uri BrokerUri() =>
        Environment.GetEnvironmentVariable("FACTORY_RABBITMQ") is { Length: > 0 } value
            ? new Uri(value)
            : throw new InvalidOperationException(
                "BrokerThroughput needs a RabbitMQ broker: FACTORY_RABBITMQ is not set. Start one with "
                + "eval \"$(scripts/rabbitmq.sh start)\" (or set FACTORY_RABBITMQ to an amqp:// URI of your own).");

    private sealed class Columns : BenchmarkDotNet.Configs.ManualConfig
    {
        public Columns()
        {
            AddColumn(new S4IoBound.ThroughputColumn());
        }
    }

    /// <summary>A MassTransit station: the work, then the output sent (and confirmed) to the next queue.</summary>
    private sealed class StationConsumer(Func<long, long> work, Uri next) : IConsumer<Reading>
    {
        public async Task Consume(ConsumeContext<Reading> context)
        {
            ISendEndpoint endpoint = await context.GetSendEndpoint(next).ConfigureAwait(false);
            await endpoint.Send(new Reading(work(context.Message.Value))).ConfigureAwait(false);
        }
    }

    /// <summary>MassTransit's exit: sums what arrives and says when all has.</summary>
    private sealed class ExitConsumer : IConsumer<Reading>
    {
        private static long sum;
        private static int left;
        private static TaskCompletionSource<long> done = new();

        public static Task<long> Done => done.Task;

        public static void Expect(int materials)
        {
            sum = 0;
            done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref left, materials);
        }

        public Task Consume(ConsumeContext<Reading> context)
        {
            Interlocked.Add(ref sum, context.Message.Value);
            if (Interlocked.Decrement(ref left) == 0)
            {
                done.TrySetResult(Interlocked.Read(ref sum));
            }

            return Task.CompletedTask;
        }
    }
}

/// <summary>What the broker benchmark runs.</summary>
public enum BrokerShape
{
    /// <summary>One station, one worker.</summary>
    OneStation,

    /// <summary>One station, three competing workers.</summary>
    OneStationThreeWorkers,

    /// <summary>AddOne, Twice, Mask in one worker.</summary>
    ThreeStations,
}

/// <summary>MassTransit's message: a material's value.</summary>
public sealed record Reading(long Value);

/// <summary>One station on the broker.</summary>
[Line]
[Distributed<BrokerJson>]
[Step<AddOne>]
public sealed partial class BrokerOne;

/// <summary>S1's three stations on the broker.</summary>
[Line]
[Distributed<BrokerJson>]
[Step<AddOne>]
[Step<Twice>]
[Step<Mask>]
public sealed partial class BrokerThree;

/// <summary>What travels between the broker lines' stations.</summary>
[JsonSerializable(typeof(long))]
public sealed partial class BrokerJson : JsonSerializerContext;

/// <summary><c>[Benchmark]</c> over <see cref="Count"/> materials per invocation (quick: fewer), so results are per material.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BrokerMaterialsAttribute : BenchmarkAttribute
{
    public BrokerMaterialsAttribute([CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
        : base(line, file)
    {
        OperationsPerInvoke = Count;
    }

    /// <summary>20,000 materials; 5,000 with <c>--quick</c>.</summary>
    public static int Count => Scale.Quick ? 5_000 : 20_000;
}
