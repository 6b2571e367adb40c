using System.Collections.Generic;
using System.Threading.Channels;
using System.Threading.Tasks;
using System.Threading.Tasks.Dataflow;
using BenchmarkDotNet.Attributes;

namespace Factory.Benchmarks;

/// <summary>
/// S1: source -> three trivial synchronous stations (x + 1, x * 2, x ^ mask) -> sink, 1,000,000
/// materials, every variant checked against the same checksum. Results are per material.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("S1")]
public class S1LinearLine
{
    private readonly AddOne addOne = new();
    private readonly Twice twice = new();
    private readonly Mask mask = new();
    private int count;
    private long expected;
    private Linear3 line = null!;
    private int peerCount;
    private long peerExpected;
    private Microsoft.Agents.AI.Workflows.Workflow workflow = null!;

    [GlobalSetup]
    public void Setup()
    {
        count = Scale.Linear;
        expected = Expected.Linear3(count);
        line = new Linear3(addOne, twice, mask);
        peerCount = Scale.LinearPeer;
        peerExpected = Expected.Linear3(peerCount);
        workflow = AgentWorkflows.Linear3(addOne, twice, mask);
    }

    /// <summary>The floor: one loop calling the three stations, no hand-off at all.</summary>
    [PerMaterial(Scenario.Linear, Description = "Fused for-loop (floor)")]
    public long Fused()
    {
        long sum = 0;
        for (long i = 0; i < count; i++)
        {
            sum += mask.Process(twice.Process(addOne.Process(i)));
        }

        Expected.Check(expected, sum, nameof(Fused));
        return sum;
    }

    /// <summary>Producer task, three station tasks, the benchmark thread as the sink: four bounded channels.</summary>
    [PerMaterial(Scenario.Linear, Baseline = true, Description = "Hand-written channels")]
    public async Task<long> HandWrittenChannels()
    {
        Channel<long> a = Channels.Bounded<long>(true, true);
        Channel<long> b = Channels.Bounded<long>(true, true);
        Channel<long> c = Channels.Bounded<long>(true, true);
        Channel<long> d = Channels.Bounded<long>(true, true);
        Task producing = Task.Run(() => Channels.ProduceAsync(a.Writer, count));
        Task s1 = Task.Run(() => Channels.StationAsync(a.Reader, b.Writer, new AddOneWork(addOne)));
        Task s2 = Task.Run(() => Channels.StationAsync(b.Reader, c.Writer, new TwiceWork(twice)));
        Task s3 = Task.Run(() => Channels.StationAsync(c.Reader, d.Writer, new MaskWork(mask)));
        long sum = await Channels.SumAsync(d.Reader).ConfigureAwait(false);
        await Task.WhenAll(producing, s1, s2, s3).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(HandWrittenChannels));
        return sum;
    }

    /// <summary>Three TransformBlocks, BoundedCapacity 256, linked with PropagateCompletion.</summary>
    [PerMaterial(Scenario.Linear, Description = "TPL Dataflow")]
    public async Task<long> TplDataflow()
    {
        var blocks = new List<IPropagatorBlock<long, long>>
        {
            new TransformBlock<long, long>(x => addOne.Process(x), Dataflow.Options()),
            new TransformBlock<long, long>(x => twice.Process(x), Dataflow.Options()),
            new TransformBlock<long, long>(x => mask.Process(x), Dataflow.Options()),
        };
        long sum = await Dataflow.RunAsync(blocks, count).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(TplDataflow));
        return sum;
    }

    /// <summary>The Factory line through <c>Start()</c>: the same producer task and drain loop as the channels variant.</summary>
    [PerMaterial(Scenario.Linear, Description = "Factory line, Start()")]
    public async Task<long> FactoryStart()
    {
        long sum = await FactoryRun.RunAsync(line.Start(), count).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(FactoryStart));
        return sum;
    }

    /// <summary>The Factory line as most callers use it: <c>await foreach</c> over <c>RunAsync(IEnumerable)</c>.</summary>
    [PerMaterial(Scenario.Linear, Description = "Factory line, RunAsync()")]
    public async Task<long> FactoryRunAsync()
    {
        long sum = await FactoryRun.SumAsync(line.RunAsync(new Counting(count))).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(FactoryRunAsync));
        return sum;
    }

    /// <summary>Agent Framework: the three stations as executors, one workflow run per material, one after another.</summary>
    [PerMaterial(Scenario.LinearPeer, Description = "Agent Framework workflow, a run per material")]
    public async Task<long> AgentFrameworkSequential()
    {
        long sum = await AgentWorkflows.SumAsync(workflow, peerCount, atOnce: 1).ConfigureAwait(false);
        Expected.Check(peerExpected, sum, nameof(AgentFrameworkSequential));
        return sum;
    }

    /// <summary>Agent Framework: one workflow run per material, 64 runs at once.</summary>
    [PerMaterial(Scenario.LinearPeer, Description = "Agent Framework workflow, 64 runs at once")]
    public async Task<long> AgentFrameworkConcurrent()
    {
        long sum = await AgentWorkflows.SumAsync(workflow, peerCount, atOnce: 64).ConfigureAwait(false);
        Expected.Check(peerExpected, sum, nameof(AgentFrameworkConcurrent));
        return sum;
    }
}
