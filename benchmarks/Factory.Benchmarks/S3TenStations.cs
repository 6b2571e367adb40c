using System.Collections.Generic;
using System.Threading.Channels;
using System.Threading.Tasks;
using System.Threading.Tasks.Dataflow;
using BenchmarkDotNet.Attributes;

namespace Factory.Benchmarks;

/// <summary>
/// S3: ten trivial stations in a row (S1's three, cycled): eleven hand-offs per material instead of
/// S1's four, so (S3 - S1) / 7 is the cost of one more station and hop.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("S3")]
public class S3TenStations
{
    private const int Stations = 10;

    private readonly AddOne addOne = new();
    private readonly Twice twice = new();
    private readonly Mask mask = new();
    private int count;
    private long expected;
    private Linear10 line = null!;

    [GlobalSetup]
    public void Setup()
    {
        count = Scale.Linear;
        expected = 0;
        for (long i = 0; i < count; i++)
        {
            expected += Work(i);
        }

        line = new Linear10(addOne, twice, mask, addOne, twice, mask, addOne, twice, mask, addOne);
    }

    [PerMaterial(Scenario.Linear, Description = "Fused for-loop (floor)")]
    public long Fused()
    {
        long sum = 0;
        for (long i = 0; i < count; i++)
        {
            sum += Work(i);
        }

        Expected.Check(expected, sum, nameof(Fused));
        return sum;
    }

    [PerMaterial(Scenario.Linear, Baseline = true, Description = "Hand-written channels")]
    public async Task<long> HandWrittenChannels()
    {
        var channels = new Channel<long>[Stations + 1];
        for (int i = 0; i < channels.Length; i++)
        {
            channels[i] = Channels.Bounded<long>(singleReader: true, singleWriter: true);
        }

        var running = new List<Task> { Task.Run(() => Channels.ProduceAsync(channels[0].Writer, count)) };
        for (int i = 0; i < Stations; i++)
        {
            ChannelReader<long> input = channels[i].Reader;
            ChannelWriter<long> output = channels[i + 1].Writer;
            running.Add((i % 3) switch
            {
                0 => Task.Run(() => Channels.StationAsync(input, output, new AddOneWork(addOne))),
                1 => Task.Run(() => Channels.StationAsync(input, output, new TwiceWork(twice))),
                _ => Task.Run(() => Channels.StationAsync(input, output, new MaskWork(mask))),
            });
        }

        long sum = await Channels.SumAsync(channels[^1].Reader).ConfigureAwait(false);
        await Task.WhenAll(running).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(HandWrittenChannels));
        return sum;
    }

    [PerMaterial(Scenario.Linear, Description = "TPL Dataflow")]
    public async Task<long> TplDataflow()
    {
        var blocks = new List<IPropagatorBlock<long, long>>();
        for (int i = 0; i < Stations; i++)
        {
            blocks.Add((i % 3) switch
            {
                0 => new TransformBlock<long, long>(x => addOne.Process(x), Dataflow.Options()),
                1 => new TransformBlock<long, long>(x => twice.Process(x), Dataflow.Options()),
                _ => new TransformBlock<long, long>(x => mask.Process(x), Dataflow.Options()),
            });
        }

        long sum = await Dataflow.RunAsync(blocks, count).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(TplDataflow));
        return sum;
    }

    [PerMaterial(Scenario.Linear, Description = "Factory line, Start()")]
    public async Task<long> FactoryStart()
    {
        long sum = await FactoryRun.RunAsync(line.Start(), count).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(FactoryStart));
        return sum;
    }

    private long Work(long x) =>
        addOne.Process(mask.Process(twice.Process(addOne.Process(mask.Process(twice.Process(addOne.Process(mask.Process(twice.Process(addOne.Process(x))))))))));
}
