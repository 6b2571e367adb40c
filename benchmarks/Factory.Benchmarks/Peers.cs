using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using System.Threading.Tasks.Dataflow;

namespace Factory.Benchmarks;

/// <summary>
/// Hand-written bounded channels, as PERF.md measured them: capacity 256 like Factory's default,
/// <c>WaitToReadAsync</c> + <c>TryRead</c> drain, <c>TryWrite</c> + <c>WaitToWriteAsync</c>, no
/// synchronous continuations, <c>ConfigureAwait(false)</c> everywhere.
/// </summary>
internal static class Channels
{
    public const int Capacity = 256;

    public static Channel<T> Bounded<T>(bool singleReader, bool singleWriter) =>
        Channel.CreateBounded<T>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = singleReader,
            SingleWriter = singleWriter,
            AllowSynchronousContinuations = false,
        });

    /// <summary>Writes 0..count-1.</summary>
    public static async Task ProduceAsync(ChannelWriter<long> output, int count)
    {
        for (long i = 0; i < count; i++)
        {
            while (!output.TryWrite(i))
            {
                if (!await output.WaitToWriteAsync().ConfigureAwait(false))
                {
                    throw new ChannelClosedException();
                }
            }
        }

        output.Complete();
    }

    /// <summary>Writes (sequence, value) pairs 0..count-1.</summary>
    public static async Task ProduceSequencedAsync(ChannelWriter<Sequenced> output, int count)
    {
        for (long i = 0; i < count; i++)
        {
            while (!output.TryWrite(new Sequenced(i, i)))
            {
                if (!await output.WaitToWriteAsync().ConfigureAwait(false))
                {
                    throw new ChannelClosedException();
                }
            }
        }

        output.Complete();
    }

    /// <summary>One worker of a station: drain the input, call the work, write the output. Does not complete the output.</summary>
    public static async Task WorkAsync<TWork>(ChannelReader<long> input, ChannelWriter<long> output, TWork work)
        where TWork : struct, IWork
    {
        while (await input.WaitToReadAsync().ConfigureAwait(false))
        {
            while (input.TryRead(out long item))
            {
                long result = work.Invoke(item);
                while (!output.TryWrite(result))
                {
                    if (!await output.WaitToWriteAsync().ConfigureAwait(false))
                    {
                        throw new ChannelClosedException();
                    }
                }
            }
        }
    }

    /// <summary>
    /// A worker of an ordered station: takes a material only when the reorder window has room, so
    /// no worker can run more than <see cref="Capacity"/> materials ahead of the slowest.
    /// </summary>
    public static async Task WorkSequencedAsync<TWork>(ChannelReader<Sequenced> input, ChannelWriter<Sequenced> output, SemaphoreSlim window, TWork work)
        where TWork : struct, IWork
    {
        while (true)
        {
            await window.WaitAsync().ConfigureAwait(false);
            Sequenced item;
            while (!input.TryRead(out item))
            {
                if (!await input.WaitToReadAsync().ConfigureAwait(false))
                {
                    window.Release();
                    return;
                }
            }

            var result = new Sequenced(item.Sequence, work.Invoke(item.Value));
            while (!output.TryWrite(result))
            {
                if (!await output.WaitToWriteAsync().ConfigureAwait(false))
                {
                    throw new ChannelClosedException();
                }
            }
        }
    }

    /// <summary>A station of <paramref name="workers"/> workers on one input channel; the output completes when all are done.</summary>
    public static Task StationAsync<TWork>(ChannelReader<long> input, ChannelWriter<long> output, TWork work, int workers = 1)
        where TWork : struct, IWork
    {
        if (workers == 1)
        {
            return CompleteAfter(WorkAsync(input, output, work), output);
        }

        var running = new Task[workers];
        for (int i = 0; i < workers; i++)
        {
            running[i] = Task.Run(() => WorkAsync(input, output, work));
        }

        return CompleteAfter(Task.WhenAll(running), output);
    }

    /// <summary>
    /// An ordered station: <paramref name="workers"/> workers on one input channel write to a
    /// private channel, and a reorder step puts their outputs back in sequence order. A window of
    /// <see cref="Capacity"/> bounds how far apart the workers can get (as Factory's reorder buffer
    /// and Dataflow's BoundedCapacity do), so the reorder ring never grows.
    /// </summary>
    public static Task OrderedStationAsync<TWork>(ChannelReader<Sequenced> input, ChannelWriter<Sequenced> output, TWork work, int workers)
        where TWork : struct, IWork
    {
        Channel<Sequenced> done = Bounded<Sequenced>(singleReader: true, singleWriter: false);
        var window = new SemaphoreSlim(Capacity, Capacity);
        var running = new Task[workers];
        for (int i = 0; i < workers; i++)
        {
            running[i] = Task.Run(() => WorkSequencedAsync(input, done.Writer, window, work));
        }

        Task workersDone = CompleteAfter(Task.WhenAll(running), done.Writer);
        Task reordered = Task.Run(() => ReorderAsync(done.Reader, output, window));
        return Task.WhenAll(workersDone, reordered);
    }

    /// <summary>
    /// Emits sequenced materials in sequence order, giving a window slot back for each. Early
    /// arrivals wait in a ring indexed by sequence, as large as the window.
    /// </summary>
    public static async Task ReorderAsync(ChannelReader<Sequenced> input, ChannelWriter<Sequenced> output, SemaphoreSlim window)
    {
        var ring = new Sequenced[Capacity];
        var present = new bool[Capacity];
        const int mask = Capacity - 1;
        long next = 0;
        while (await input.WaitToReadAsync().ConfigureAwait(false))
        {
            while (input.TryRead(out Sequenced item))
            {
                if (item.Sequence != next)
                {
                    if (item.Sequence - next >= Capacity)
                    {
                        throw new InvalidOperationException("A worker ran past the reorder window.");
                    }

                    int slot = (int)(item.Sequence & mask);
                    ring[slot] = item;
                    present[slot] = true;
                    continue;
                }

                await WriteAsync(output, item).ConfigureAwait(false);
                window.Release();
                next++;
                while (present[(int)(next & mask)])
                {
                    int slot = (int)(next & mask);
                    present[slot] = false;
                    await WriteAsync(output, ring[slot]).ConfigureAwait(false);
                    window.Release();
                    next++;
                }
            }
        }

        output.Complete();
    }

    private static ValueTask WriteAsync(ChannelWriter<Sequenced> output, Sequenced item) =>
        output.TryWrite(item) ? default : WriteSlowAsync(output, item);

    /// <summary>Waits for room; pooled, so a full next channel does not allocate a state machine each time.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask WriteSlowAsync(ChannelWriter<Sequenced> output, Sequenced item)
    {
        while (!output.TryWrite(item))
        {
            if (!await output.WaitToWriteAsync().ConfigureAwait(false))
            {
                throw new ChannelClosedException();
            }
        }
    }

    /// <summary>Sums what leaves the last channel.</summary>
    public static async Task<long> SumAsync(ChannelReader<long> input)
    {
        long sum = 0;
        while (await input.WaitToReadAsync().ConfigureAwait(false))
        {
            while (input.TryRead(out long item))
            {
                sum += item;
            }
        }

        return sum;
    }

    /// <summary>Sums what leaves the last channel and checks it arrives in sequence order.</summary>
    public static async Task<long> SumInOrderAsync(ChannelReader<Sequenced> input)
    {
        long sum = 0;
        long next = 0;
        while (await input.WaitToReadAsync().ConfigureAwait(false))
        {
            while (input.TryRead(out Sequenced item))
            {
                if (item.Sequence != next++)
                {
                    throw new InvalidOperationException($"Out of order: {item.Sequence} where {next - 1} was due.");
                }

                sum += item.Value;
            }
        }

        return sum;
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
}

/// <summary>A value with its input position, for putting parallel outputs back in order.</summary>
internal readonly record struct Sequenced(long Sequence, long Value);

/// <summary>TPL Dataflow, configured like the channels: bounded 256, linked with completion propagated.</summary>
internal static class Dataflow
{
    public static ExecutionDataflowBlockOptions Options(int parallelism = 1, bool ordered = true) => new()
    {
        BoundedCapacity = Channels.Capacity,
        MaxDegreeOfParallelism = parallelism,
        EnsureOrdered = ordered,
        SingleProducerConstrained = parallelism == 1,
    };

    public static readonly DataflowLinkOptions Link = new() { PropagateCompletion = true };

    /// <summary>Posts 0..count-1, waiting when the first block is full.</summary>
    public static async Task ProduceAsync(ITargetBlock<long> first, int count)
    {
        for (long i = 0; i < count; i++)
        {
            if (!first.Post(i) && !await first.SendAsync(i).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The first block declined a material.");
            }
        }

        first.Complete();
    }

    /// <summary>Drains the last block: OutputAvailableAsync + TryReceive, like the channels' drain.</summary>
    public static async Task<long> SumAsync(ISourceBlock<long> last)
    {
        var receiver = (IReceivableSourceBlock<long>)last;
        long sum = 0;
        while (await receiver.OutputAvailableAsync().ConfigureAwait(false))
        {
            while (receiver.TryReceive(out long item))
            {
                sum += item;
            }
        }

        await last.Completion.ConfigureAwait(false);
        return sum;
    }

    /// <summary>Links <paramref name="blocks"/> in order.</summary>
    public static void Chain(IReadOnlyList<IPropagatorBlock<long, long>> blocks)
    {
        for (int i = 0; i + 1 < blocks.Count; i++)
        {
            blocks[i].LinkTo(blocks[i + 1], Link);
        }
    }

    /// <summary>Links <paramref name="blocks"/>, feeds 0..count-1 from a producer task and sums what comes out of the last one.</summary>
    public static Task<long> RunAsync(IReadOnlyList<IPropagatorBlock<long, long>> blocks, int count) =>
        RunAsync(blocks, count, SumAsync);

    /// <summary>As <see cref="RunAsync(IReadOnlyList{IPropagatorBlock{long, long}}, int)"/>, draining the last block with <paramref name="sum"/>.</summary>
    public static async Task<long> RunAsync(IReadOnlyList<IPropagatorBlock<long, long>> blocks, int count, Func<ISourceBlock<long>, Task<long>> sum)
    {
        Chain(blocks);
        Task producing = Task.Run(() => ProduceAsync(blocks[0], count));
        long total = await sum(blocks[^1]).ConfigureAwait(false);
        await producing.ConfigureAwait(false);
        return total;
    }
}

/// <summary>Feeding and draining a Factory run through <c>Start()</c>: the same loops as the channels variant.</summary>
internal static class FactoryRun
{
    public static async Task<long> RunAsync(LineRun<long, long> run, int count)
    {
        Task producing = Task.Run(() => Channels.ProduceAsync(run.Input, count));
        long sum = await Channels.SumAsync(run.Output).ConfigureAwait(false);
        await producing.ConfigureAwait(false);
        Check(run, await run.Completion.ConfigureAwait(false));
        return sum;
    }

    public static void Check<TIn, TOut>(LineRun<TIn, TOut> run, LineReport report)
    {
        if (report.Outcome != LineOutcome.Completed || run.DeadLetters.Count != 0)
        {
            throw new InvalidOperationException($"The run ended {report.Outcome} with {run.DeadLetters.Count} dead letters.");
        }
    }

    public static async Task<long> SumAsync(IAsyncEnumerable<long> output)
    {
        long sum = 0;
        await foreach (long item in output.ConfigureAwait(false))
        {
            sum += item;
        }

        return sum;
    }
}

/// <summary>0..count-1 as a sequence, for <c>RunAsync(IEnumerable)</c>: one enumerator per run.</summary>
internal sealed class Counting(int count) : IEnumerable<long>
{
    public IEnumerator<long> GetEnumerator()
    {
        for (long i = 0; i < count; i++)
        {
            yield return i;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
