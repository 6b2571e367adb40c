using System;
using System.Collections.Generic;
using System.Threading.Channels;
using System.Threading.Tasks;
using System.Threading.Tasks.Dataflow;
using BenchmarkDotNet.Attributes;

namespace Factory.Benchmarks;

// S5's station work. Every variant calls these same classes, so only the plumbing differs.

/// <summary>What the sorting station gives: one of three cases, chosen by the value.</summary>
public abstract record Parcel(long Value);

public sealed record Letter(long Value) : Parcel(Value);

public sealed record Packet(long Value) : Parcel(Value);

public sealed record Crate(long Value) : Parcel(Value);

/// <summary>long -> Parcel: a third of the materials to each case (value % 3).</summary>
[Station]
public sealed partial class SortParcel
{
    public Parcel Process(long input) => (input % 3) switch
    {
        0 => new Letter(input),
        1 => new Packet(input),
        _ => new Crate(input),
    };
}

/// <summary>Letter -> x + 1.</summary>
[Station]
public sealed partial class PostLetter
{
    public long Process(Letter input) => input.Value + 1;
}

/// <summary>Packet -> x * 2.</summary>
[Station]
public sealed partial class PostPacket
{
    public long Process(Packet input) => input.Value * 2;
}

/// <summary>Crate -> x - 1.</summary>
[Station]
public sealed partial class PostCrate
{
    public long Process(Crate input) => input.Value - 1;
}

/// <summary>
/// S5, routed: sort, three routes (one per case, exhaustive over <see cref="Parcel"/>), the branches
/// merging into <see cref="Mask"/>.
/// </summary>
[Line]
[Step<SortParcel>]
[Route<Letter, PostLetter>]
[Route<Packet, PostPacket>]
[Route<Crate, PostCrate>]
[Step<Mask>]
public sealed partial class RoutedLine;

/// <summary>S5, batched: x + 1 over batches of up to 32 (a new array of outputs per batch).</summary>
[Station(BatchSize = BatchSize)]
public sealed partial class AddOneBatch
{
    public const int BatchSize = 32;

    public IReadOnlyList<long> Process(IReadOnlyList<long> inputs)
    {
        var outputs = new long[inputs.Count];
        for (int i = 0; i < outputs.Length; i++)
        {
            outputs[i] = inputs[i] + 1;
        }

        return outputs;
    }
}

/// <summary>S5, batched: one station with <c>BatchSize = 32</c>.</summary>
[Line]
[Step<AddOneBatch>]
public sealed partial class BatchedLine;

/// <summary>Which S5 line a case runs.</summary>
public enum S5Shape
{
    /// <summary>Sort → three routes → merge into one station.</summary>
    Routed,

    /// <summary>One station taking batches of up to 32.</summary>
    Batched,
}

/// <summary>
/// S5: a routed line (a station, a three-way route by run-time type, the branches merging into one
/// more station) and a batched station (<c>BatchSize = 32</c>), 1,000,000 materials each, every
/// variant checked against the same checksum. <see cref="Shape"/> picks the line, so each has its
/// own baseline (hand-written channels). Results are per material.
/// <list type="bullet">
/// <item>Routed: channels, a sorting reader whose switch writes to one of three channels, a reader
/// per branch writing to one merge channel, a reader of that calling the last station. Dataflow,
/// <c>LinkTo</c> with a type predicate into three <c>TransformBlock</c>s linked to one (its
/// completion waits for all three branches, not the first).</item>
/// <item>Batched: channels, one reader that takes up to 32 that are ready (fewer when nothing more
/// is, as Factory does with no <c>BatchWaitMs</c>) into a reused list and calls the work. Dataflow,
/// <c>BatchBlock(32)</c> + <c>TransformManyBlock</c> (a batch goes only when full, or at the end).</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("S5")]
public class S5RoutesAndBatches
{
    private const int BatchSize = AddOneBatch.BatchSize;

    private readonly SortParcel sort = new();
    private readonly PostLetter letter = new();
    private readonly PostPacket packet = new();
    private readonly PostCrate crate = new();
    private readonly Mask mask = new();
    private readonly AddOneBatch batch = new();
    private int count;
    private long expected;
    private RoutedLine routed = null!;
    private BatchedLine batched = null!;

    [Params(S5Shape.Routed, S5Shape.Batched)]
    public S5Shape Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        count = Scale.Branching;
        routed = new RoutedLine(sort, letter, packet, crate, mask);
        batched = new BatchedLine(batch);
        expected = Shape == S5Shape.Routed ? ExpectedRouted() : ExpectedBatched();
    }

    [PerMaterial(Scenario.Branching, Baseline = true, Description = "Hand-written channels")]
    public async Task<long> HandWrittenChannels()
    {
        long sum = Shape == S5Shape.Routed
            ? await RoutedChannelsAsync().ConfigureAwait(false)
            : await BatchedChannelsAsync().ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(HandWrittenChannels));
        return sum;
    }

    [PerMaterial(Scenario.Branching, Description = "TPL Dataflow")]
    public async Task<long> TplDataflow()
    {
        long sum = Shape == S5Shape.Routed
            ? await RoutedDataflowAsync().ConfigureAwait(false)
            : await BatchedDataflowAsync().ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(TplDataflow));
        return sum;
    }

    /// <summary>The Factory line through <c>Start()</c>: the same producer task and drain loop as the channels variant.</summary>
    [PerMaterial(Scenario.Branching, Description = "Factory line, Start()")]
    public async Task<long> FactoryStart()
    {
        long sum = Shape == S5Shape.Routed
            ? await FactoryRun.RunAsync(routed.Start(), count).ConfigureAwait(false)
            : await FactoryRun.RunAsync(batched.Start(), count).ConfigureAwait(false);
        Expected.Check(expected, sum, nameof(FactoryStart));
        return sum;
    }

    // Routed.

    /// <summary>Producer, sorter (switch into three channels), three branch readers into one merge channel, the last station, the sink.</summary>
    private async Task<long> RoutedChannelsAsync()
    {
        Channel<long> input = Channels.Bounded<long>(singleReader: true, singleWriter: true);
        Channel<Letter> letters = Channels.Bounded<Letter>(singleReader: true, singleWriter: true);
        Channel<Packet> packets = Channels.Bounded<Packet>(singleReader: true, singleWriter: true);
        Channel<Crate> crates = Channels.Bounded<Crate>(singleReader: true, singleWriter: true);
        Channel<long> merged = Channels.Bounded<long>(singleReader: true, singleWriter: false);
        Channel<long> output = Channels.Bounded<long>(singleReader: true, singleWriter: true);
        Task producing = Task.Run(() => Channels.ProduceAsync(input.Writer, count));
        Task sorting = Task.Run(() => SortAsync(input.Reader, letters.Writer, packets.Writer, crates.Writer));
        Task branches = Task.WhenAll(
            Task.Run(() => BranchAsync(letters.Reader, merged.Writer, new LetterWork(letter))),
            Task.Run(() => BranchAsync(packets.Reader, merged.Writer, new PacketWork(packet))),
            Task.Run(() => BranchAsync(crates.Reader, merged.Writer, new CrateWork(crate))));
        Task merging = CompleteAfter(branches, merged.Writer);
        Task last = Task.Run(() => Channels.StationAsync(merged.Reader, output.Writer, new MaskWork(mask)));
        long sum = await Channels.SumAsync(output.Reader).ConfigureAwait(false);
        await Task.WhenAll(producing, sorting, merging, last).ConfigureAwait(false);
        return sum;
    }

    private async Task SortAsync(ChannelReader<long> input, ChannelWriter<Letter> letters, ChannelWriter<Packet> packets, ChannelWriter<Crate> crates)
    {
        try
        {
            while (await input.WaitToReadAsync().ConfigureAwait(false))
            {
                while (input.TryRead(out long item))
                {
                    switch (sort.Process(item))
                    {
                        case Letter l:
                            await WriteAsync(letters, l).ConfigureAwait(false);
                            break;
                        case Packet p:
                            await WriteAsync(packets, p).ConfigureAwait(false);
                            break;
                        case Crate c:
                            await WriteAsync(crates, c).ConfigureAwait(false);
                            break;
                        case var other:
                            throw new InvalidOperationException($"No route for {other.GetType().Name}.");
                    }
                }
            }

            letters.Complete();
            packets.Complete();
            crates.Complete();
        }
        catch (Exception exception)
        {
            letters.TryComplete(exception);
            packets.TryComplete(exception);
            crates.TryComplete(exception);
            throw;
        }
    }

    /// <summary>One branch: drain its channel, call its station, write to the merge channel. Does not complete the merge channel.</summary>
    private static async Task BranchAsync<T, TWork>(ChannelReader<T> input, ChannelWriter<long> output, TWork work)
        where T : class
        where TWork : struct, IWork<T>
    {
        while (await input.WaitToReadAsync().ConfigureAwait(false))
        {
            while (input.TryRead(out T? item))
            {
                await WriteAsync(output, work.Invoke(item)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A TransformBlock sorting, linked with a type predicate to one TransformBlock per case, all
    /// three linked to the last station's block, which completes when all three have (linking them
    /// with PropagateCompletion would complete it when the first did).
    /// </summary>
    private async Task<long> RoutedDataflowAsync()
    {
        var sorting = new TransformBlock<long, Parcel>(x => sort.Process(x), Dataflow.Options());
        var letters = new TransformBlock<Parcel, long>(p => letter.Process((Letter)p), Dataflow.Options());
        var packets = new TransformBlock<Parcel, long>(p => packet.Process((Packet)p), Dataflow.Options());
        var crates = new TransformBlock<Parcel, long>(p => crate.Process((Crate)p), Dataflow.Options());

        // Three sources offer to it at once, so it is not single-producer.
        ExecutionDataflowBlockOptions mergeOptions = Dataflow.Options();
        mergeOptions.SingleProducerConstrained = false;
        var last = new TransformBlock<long, long>(x => mask.Process(x), mergeOptions);

        sorting.LinkTo(letters, Dataflow.Link, p => p is Letter);
        sorting.LinkTo(packets, Dataflow.Link, p => p is Packet);
        sorting.LinkTo(crates, Dataflow.Link, p => p is Crate);
        var noCompletion = new DataflowLinkOptions { PropagateCompletion = false };
        letters.LinkTo(last, noCompletion);
        packets.LinkTo(last, noCompletion);
        crates.LinkTo(last, noCompletion);
        _ = Task.WhenAll(letters.Completion, packets.Completion, crates.Completion).ContinueWith(
            branches =>
            {
                if (branches.Exception is AggregateException failure)
                {
                    ((IDataflowBlock)last).Fault(failure);
                }
                else
                {
                    last.Complete();
                }
            },
            TaskScheduler.Default);

        Task producing = Task.Run(() => Dataflow.ProduceAsync(sorting, count));
        long sum = await Dataflow.SumAsync(last).ConfigureAwait(false);
        await producing.ConfigureAwait(false);
        return sum;
    }

    // Batched.

    /// <summary>Producer, one reader gathering up to 32 ready materials per call of the work, the sink.</summary>
    private async Task<long> BatchedChannelsAsync()
    {
        Channel<long> input = Channels.Bounded<long>(singleReader: true, singleWriter: true);
        Channel<long> output = Channels.Bounded<long>(singleReader: true, singleWriter: true);
        Task producing = Task.Run(() => Channels.ProduceAsync(input.Writer, count));
        Task batching = Task.Run(() => CompleteAfter(BatchAsync(input.Reader, output.Writer), output.Writer));
        long sum = await Channels.SumAsync(output.Reader).ConfigureAwait(false);
        await Task.WhenAll(producing, batching).ConfigureAwait(false);
        return sum;
    }

    /// <summary>Takes what is ready, up to 32, calls the work once, writes its outputs; waits only when nothing is ready.</summary>
    private async Task BatchAsync(ChannelReader<long> input, ChannelWriter<long> output)
    {
        var inputs = new List<long>(BatchSize);
        while (await input.WaitToReadAsync().ConfigureAwait(false))
        {
            while (true)
            {
                inputs.Clear();
                while (inputs.Count < BatchSize && input.TryRead(out long item))
                {
                    inputs.Add(item);
                }

                if (inputs.Count == 0)
                {
                    break;
                }

                IReadOnlyList<long> outputs = batch.Process(inputs);
                if (outputs.Count != inputs.Count)
                {
                    throw new InvalidOperationException($"The batch gave {outputs.Count} outputs for {inputs.Count} inputs.");
                }

                for (int i = 0; i < outputs.Count; i++)
                {
                    await WriteAsync(output, outputs[i]).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>BatchBlock(32) linked to a TransformManyBlock calling the work on each array.</summary>
    private async Task<long> BatchedDataflowAsync()
    {
        var batching = new BatchBlock<long>(BatchSize, new GroupingDataflowBlockOptions { BoundedCapacity = Channels.Capacity });
        var working = new TransformManyBlock<long[], long>(inputs => batch.Process(inputs), Dataflow.Options());
        batching.LinkTo(working, Dataflow.Link);
        Task producing = Task.Run(() => Dataflow.ProduceAsync(batching, count));
        long sum = await Dataflow.SumAsync(working).ConfigureAwait(false);
        await producing.ConfigureAwait(false);
        return sum;
    }

    // Shared.

    private long ExpectedRouted()
    {
        long sum = 0;
        for (long i = 0; i < count; i++)
        {
            long branched = sort.Process(i) switch
            {
                Letter l => letter.Process(l),
                Packet p => packet.Process(p),
                Crate c => crate.Process(c),
                _ => throw new InvalidOperationException("No route."),
            };
            sum += mask.Process(branched);
        }

        return sum;
    }

    private long ExpectedBatched()
    {
        long sum = 0;
        var one = new long[1];
        for (long i = 0; i < count; i++)
        {
            one[0] = i;
            sum += batch.Process(one)[0];
        }

        return sum;
    }

    private static ValueTask WriteAsync<T>(ChannelWriter<T> output, T item) =>
        output.TryWrite(item) ? default : WriteSlowAsync(output, item);

    private static async ValueTask WriteSlowAsync<T>(ChannelWriter<T> output, T item)
    {
        while (!output.TryWrite(item))
        {
            if (!await output.WaitToWriteAsync().ConfigureAwait(false))
            {
                throw new ChannelClosedException();
            }
        }
    }

    private static async Task CompleteAfter<T>(Task work, ChannelWriter<T> output)
    {
        try
        {
            await work.ConfigureAwait(false);
            output.Complete();
        }
        catch (Exception exception)
        {
            output.Complete(exception);
            throw;
        }
    }

    /// <summary>Calls a branch station's work with no delegate, as the generated StationWork structs do.</summary>
    private interface IWork<in T>
    {
        long Invoke(T input);
    }

    private readonly struct LetterWork(PostLetter station) : IWork<Letter>
    {
        public long Invoke(Letter input) => station.Process(input);
    }

    private readonly struct PacketWork(PostPacket station) : IWork<Packet>
    {
        public long Invoke(Packet input) => station.Process(input);
    }

    private readonly struct CrateWork(PostCrate station) : IWork<Crate>
    {
        public long Invoke(Crate input) => station.Process(input);
    }
}
