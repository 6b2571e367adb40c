using System.Collections.Generic;
using System.Threading.Channels;
using System.Threading.Tasks;
using System.Threading.Tasks.Dataflow;
using BenchmarkDotNet.Attributes;

namespace Factory.Benchmarks;

/// <summary>
/// S2: S1 with two workers per station, output order kept or not. Peers alike: Dataflow
/// MaxDegreeOfParallelism 2 with EnsureOrdered; channels with two readers per station and, when
/// ordered, sequence numbers and a reorder step per station (as Factory and Dataflow reorder per
/// station). The ordered variants also check the order of what leaves the line.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("S2")]
public class S2ParallelLine
{
    private const int Workers = 2;

    private readonly AddOne addOne = new();
    private readonly Twice twice = new();
    private readonly Mask mask = new();
    private int count;
    private long expected;
    private Parallel2Ordered ordered = null!;
    private Parallel2Unordered unordered = null!;

    [Params(true, false)]
    public bool Ordered { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        count = Scale.Linear;
        expected = Expected.Linear3(count);
        ordered = new Parallel2Ordered(new AddOneOrdered2(addOne), new TwiceOrdered2(twice), new MaskOrdered2(mask));
        unordered = new Parallel2Unordered(new AddOneUnordered2(addOne), new TwiceUnordered2(twice), new MaskUnordered2(mask));
    }

    [PerMaterial(Scenario.Linear, Baseline = true, Description = "Hand-written channels")]
    public async Task<long> HandWrittenChannels()
    {
        long sum = Ordered ? await OrderedChannelsAsync().ConfigureAwait(false) : await UnorderedChannelsAsync().ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(HandWrittenChannels));
        return sum;
    }

    [PerMaterial(Scenario.Linear, Description = "TPL Dataflow")]
    public async Task<long> TplDataflow()
    {
        ExecutionDataflowBlockOptions options = Dataflow.Options(Workers, Ordered);
        var blocks = new List<IPropagatorBlock<long, long>>
        {
            new TransformBlock<long, long>(x => addOne.Process(x), options),
            new TransformBlock<long, long>(x => twice.Process(x), options),
            new TransformBlock<long, long>(x => mask.Process(x), options),
        };
        long sum = await Dataflow.RunAsync(blocks, count, Ordered ? SumInOrderAsync : Dataflow.SumAsync).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(TplDataflow));
        return sum;
    }

    [PerMaterial(Scenario.Linear, Description = "Factory line, Start()")]
    public async Task<long> FactoryStart()
    {
        long sum;
        if (Ordered)
        {
            LineRun<long, long> run = ordered.Start();
            Task producing = Task.Run(() => Channels.ProduceAsync(run.Input, count));
            sum = await SumInOrderAsync(run.Output).ConfigureAwait(false);
            await producing.ConfigureAwait(false);
            FactoryRun.Check(run, await run.Completion.ConfigureAwait(false));
        }
        else
        {
            sum = await FactoryRun.RunAsync(unordered.Start(), count).ConfigureAwait(false);
        }

        Expected.Check(expected, sum, nameof(FactoryStart));
        return sum;
    }

    private async Task<long> UnorderedChannelsAsync()
    {
        Channel<long> a = Channels.Bounded<long>(singleReader: false, singleWriter: true);
        Channel<long> b = Channels.Bounded<long>(singleReader: false, singleWriter: false);
        Channel<long> c = Channels.Bounded<long>(singleReader: false, singleWriter: false);
        Channel<long> d = Channels.Bounded<long>(singleReader: true, singleWriter: false);
        Task producing = Task.Run(() => Channels.ProduceAsync(a.Writer, count));
        Task s1 = Channels.StationAsync(a.Reader, b.Writer, new AddOneWork(addOne), Workers);
        Task s2 = Channels.StationAsync(b.Reader, c.Writer, new TwiceWork(twice), Workers);
        Task s3 = Channels.StationAsync(c.Reader, d.Writer, new MaskWork(mask), Workers);
        long sum = await Channels.SumAsync(d.Reader).ConfigureAwait(false);
        await Task.WhenAll(producing, s1, s2, s3).ConfigureAwait(false);
        return sum;
    }

    private async Task<long> OrderedChannelsAsync()
    {
        Channel<Sequenced> a = Channels.Bounded<Sequenced>(singleReader: false, singleWriter: true);
        Channel<Sequenced> b = Channels.Bounded<Sequenced>(singleReader: false, singleWriter: true);
        Channel<Sequenced> c = Channels.Bounded<Sequenced>(singleReader: false, singleWriter: true);
        Channel<Sequenced> d = Channels.Bounded<Sequenced>(singleReader: true, singleWriter: true);
        Task producing = Task.Run(() => Channels.ProduceSequencedAsync(a.Writer, count));
        Task s1 = Channels.OrderedStationAsync(a.Reader, b.Writer, new AddOneWork(addOne), Workers);
        Task s2 = Channels.OrderedStationAsync(b.Reader, c.Writer, new TwiceWork(twice), Workers);
        Task s3 = Channels.OrderedStationAsync(c.Reader, d.Writer, new MaskWork(mask), Workers);
        long sum = await Channels.SumInOrderAsync(d.Reader).ConfigureAwait(false);
        await Task.WhenAll(producing, s1, s2, s3).ConfigureAwait(false);
        return sum;
    }

    /// <summary>Sums in arrival order and checks that the k-th output is the work's result for input k.</summary>
    private async Task<long> SumInOrderAsync(ChannelReader<long> output)
    {
        long sum = 0;
        long k = 0;
        while (await output.WaitToReadAsync().ConfigureAwait(false))
        {
            while (output.TryRead(out long item))
            {
                CheckOrder(item, k++);
                sum += item;
            }
        }

        return sum;
    }

    private async Task<long> SumInOrderAsync(ISourceBlock<long> last)
    {
        var receiver = (IReceivableSourceBlock<long>)last;
        long sum = 0;
        long k = 0;
        while (await receiver.OutputAvailableAsync().ConfigureAwait(false))
        {
            while (receiver.TryReceive(out long item))
            {
                CheckOrder(item, k++);
                sum += item;
            }
        }

        await last.Completion.ConfigureAwait(false);
        return sum;
    }

    private void CheckOrder(long item, long k)
    {
        if (item != mask.Process(twice.Process(addOne.Process(k))))
        {
            throw new System.InvalidOperationException($"Output {k} is out of order.");
        }
    }
}
