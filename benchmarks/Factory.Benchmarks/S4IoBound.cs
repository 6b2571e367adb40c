using System;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using System.Threading.Tasks.Dataflow;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Factory.Benchmarks;

/// <summary>
/// S4: one station awaits a simulated 20 ms model call, 64 at once, order not kept. By Little's law
/// the best possible is 64 / 20 ms = 3,200 materials per second (312.5 µs per material); the
/// "of ideal" column says how close each variant gets. Every variant can be stopped: the call gets a
/// token that can be cancelled (a run's own in Factory and Parallel.ForEachAsync, a source made per run in
/// the others), since a cancellable token costs <c>Task.Delay</c> about 16 B more per call than
/// <c>CancellationToken.None</c>, and a pipeline that cannot be stopped is not what a careful engineer writes.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("S4")]
[Config(typeof(Columns))]
public class S4IoBound
{
    /// <summary>Little's law: materials in flight / time each spends = 64 / 20 ms.</summary>
    public const double IdealPerSecond = IoBoundCall.Parallelism * 1000.0 / IoBoundCall.LatencyMs;

    private const int Workers = IoBoundCall.Parallelism;

    private readonly IoBoundCall call = new();
    private int count;
    private long expected;
    private IoBoundLine line = null!;
    private Microsoft.Agents.AI.Workflows.Workflow workflow = null!;

    [GlobalSetup]
    public void Setup()
    {
        count = Scale.IoBound;
        expected = (long)count * (count - 1) / 2;
        line = new IoBoundLine(call);
        workflow = AgentWorkflows.IoBound(call);
    }

    /// <summary>What the timer allows with no pipeline at all: Parallel.ForEachAsync, 64 at once.</summary>
    [PerMaterial(Scenario.IoBound, Description = "Parallel.ForEachAsync (reference)")]
    public async Task<long> ParallelForEach()
    {
        long sum = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = Workers },
            async (i, token) => Interlocked.Add(ref sum, await call.ProcessAsync(i, token).ConfigureAwait(false))).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(ParallelForEach));
        return sum;
    }

    /// <summary>64 reader tasks on one bounded channel (256), each awaiting the call.</summary>
    [PerMaterial(Scenario.IoBound, Baseline = true, Description = "Hand-written channels")]
    public async Task<long> HandWrittenChannels()
    {
        using var stop = new CancellationTokenSource();
        Channel<long> input = Channels.Bounded<long>(singleReader: false, singleWriter: true);
        Channel<long> output = Channels.Bounded<long>(singleReader: true, singleWriter: false);
        Task producing = Task.Run(() => Channels.ProduceAsync(input.Writer, count));
        var workers = new Task[Workers];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(input.Reader, output.Writer, stop.Token));
        }

        Task completing = Task.WhenAll(workers).ContinueWith(_ => output.Writer.Complete(), TaskScheduler.Default);
        long sum = await Channels.SumAsync(output.Reader).ConfigureAwait(false);
        await Task.WhenAll(producing, completing).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(HandWrittenChannels));
        return sum;
    }

    /// <summary>A TransformBlock with an async lambda, MaxDegreeOfParallelism 64, BoundedCapacity 256, unordered.</summary>
    [PerMaterial(Scenario.IoBound, Description = "TPL Dataflow")]
    public async Task<long> TplDataflow()
    {
        using var stop = new CancellationTokenSource();
        var block = new TransformBlock<long, long>(
            x => call.ProcessAsync(x, stop.Token).AsTask(),
            Dataflow.Options(Workers, ordered: false));
        Task producing = Task.Run(() => Dataflow.ProduceAsync(block, count));
        long sum = await Dataflow.SumAsync(block).ConfigureAwait(false);
        await producing.ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(TplDataflow));
        return sum;
    }

    [PerMaterial(Scenario.IoBound, Description = "Factory line, Start()")]
    public async Task<long> FactoryStart()
    {
        long sum = await FactoryRun.RunAsync(line.Start(), count).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(FactoryStart));
        return sum;
    }

    /// <summary>Agent Framework: one workflow run per material (its executor awaits the call), 64 runs at once.</summary>
    [PerMaterial(Scenario.IoBound, Description = "Agent Framework workflow, 64 runs at once")]
    public async Task<long> AgentFramework()
    {
        long sum = await AgentWorkflows.SumAsync(workflow, count, atOnce: Workers).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(AgentFramework));
        return sum;
    }

    private async Task WorkAsync(ChannelReader<long> input, ChannelWriter<long> output, CancellationToken token)
    {
        while (await input.WaitToReadAsync(token).ConfigureAwait(false))
        {
            while (input.TryRead(out long item))
            {
                long result = await call.ProcessAsync(item, token).ConfigureAwait(false);
                while (!output.TryWrite(result))
                {
                    if (!await output.WaitToWriteAsync(token).ConfigureAwait(false))
                    {
                        throw new ChannelClosedException();
                    }
                }
            }
        }
    }

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new ThroughputColumn(), new OfIdealColumn());
        }
    }

    /// <summary>Materials per second, from the median time per material.</summary>
    public sealed class ThroughputColumn : IColumn
    {
        public string Id => "Factory.Throughput";

        public string ColumnName => "Materials/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Materials per second (1 s / median time per material)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            PerSecond(summary, benchmarkCase) is double rate ? rate.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;

        internal static double? PerSecond(Summary summary, BenchmarkCase benchmarkCase) =>
            summary[benchmarkCase]?.ResultStatistics?.Median is double ns && ns > 0 ? 1e9 / ns : null;
    }

    /// <summary>Throughput as a share of Little's law's 3,200 per second.</summary>
    public sealed class OfIdealColumn : IColumn
    {
        public string Id => "Factory.OfIdeal";

        public string ColumnName => "Of ideal";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 1;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Throughput / (64 in flight / 20 ms = 3,200 per second)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            ThroughputColumn.PerSecond(summary, benchmarkCase) is double rate ? (rate / IdealPerSecond).ToString("P1", System.Globalization.CultureInfo.InvariantCulture) : "-";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
