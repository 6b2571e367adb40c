using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// <c>RunAsync</c> for every line: starts a run when enumeration begins, feeds the input (pulled by
/// the first station's worker, or written by a feeder task), streams the outputs
/// (<see cref="RunOutputs{TIn, TOut}"/>), and ends with the run's outcome (the input's exception, or
/// cancellation). Leaving the enumeration early cancels the run. Materials go on and come off the
/// belts in batches.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LineRunner
{
    /// <summary>Runs <paramref name="line"/> over a sequence.</summary>
    public static IAsyncEnumerable<TOut> RunAsync<TIn, TOut>(ILine<TIn, TOut> line, IEnumerable<TIn> input, JobOrder? job, CancellationToken cancellationToken) =>
        RunAsync(line, input, new RunOptions { Job = job }, cancellationToken);

    /// <summary>Runs <paramref name="line"/> over an asynchronous sequence.</summary>
    public static IAsyncEnumerable<TOut> RunAsync<TIn, TOut>(ILine<TIn, TOut> line, IAsyncEnumerable<TIn> input, JobOrder? job, CancellationToken cancellationToken) =>
        RunAsync(line, input, new RunOptions { Job = job }, cancellationToken);

    /// <summary>Runs <paramref name="line"/> over a sequence.</summary>
    /// <remarks>
    /// Materials enter in groups of up to 64 as the sequence yields them; a source that blocks
    /// between items is better given as an <see cref="IAsyncEnumerable{T}"/>, whose waits hand
    /// on whatever was already read.
    /// </remarks>
    public static IAsyncEnumerable<TOut> RunAsync<TIn, TOut>(
        ILine<TIn, TOut> line,
        IEnumerable<TIn> input,
        RunOptions options,
        CancellationToken cancellationToken) =>
        Outputs(line, input, options, run => Feed(run, input), cancellationToken);

    /// <summary>Runs <paramref name="line"/> over an asynchronous sequence.</summary>
    public static IAsyncEnumerable<TOut> RunAsync<TIn, TOut>(
        ILine<TIn, TOut> line,
        IAsyncEnumerable<TIn> input,
        RunOptions options,
        CancellationToken cancellationToken) =>
        Outputs(line, input, options, run => Task.Run(() => FeedAsync(run, input), CancellationToken.None), cancellationToken);

    /// <summary>The outputs of a run of <paramref name="line"/> that <paramref name="feed"/> feeds with <paramref name="input"/>.</summary>
    private static RunOutputs<TIn, TOut> Outputs<TIn, TOut>(
        ILine<TIn, TOut> line,
        object input,
        RunOptions options,
        Func<LineRun<TIn, TOut>, Task> feed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        return new RunOutputs<TIn, TOut>(line, options, feed, cancellationToken);
    }

    /// <summary>
    /// Feeds a sequence: the first station's worker pulls it itself when it is the belt's only reader
    /// (one thread fewer between the caller and the line), a feeder task writes it otherwise.
    /// </summary>
    private static Task Feed<TIn, TOut>(LineRun<TIn, TOut> run, IEnumerable<TIn> input)
    {
        if (!run.Entry.SingleReader)
        {
            return Task.Run(() => FeedAsync(run, input), CancellationToken.None);
        }

        var source = new SequenceSource<TIn>(run.State, input, run.Entry.Poke);
        run.Entry.PullFrom(source);
        return source.DisposeAfterAsync(run.Completion);
    }

    private static async Task FeedAsync<TIn, TOut>(LineRun<TIn, TOut> run, IEnumerable<TIn> input)
    {
        var feeder = new Feeder<TIn>(run.State, run.Entry);
        try
        {
            foreach (TIn item in input)
            {
                while (feeder.MustWait)
                {
                    await feeder.WaitAsync().ConfigureAwait(false);
                }

                if (feeder.Add(item))
                {
                    await feeder.FlushFullAsync().ConfigureAwait(false);
                }
            }

            await feeder.FlushAsync().ConfigureAwait(false);
            run.Entry.TryComplete();
        }
        catch (Exception exception)
        {
            EndFeeding(run, exception);
        }
    }

    private static async Task FeedAsync<TIn, TOut>(LineRun<TIn, TOut> run, IAsyncEnumerable<TIn> input)
    {
        var feeder = new Feeder<TIn>(run.State, run.Entry);
        try
        {
            await using IAsyncEnumerator<TIn> items = input.GetAsyncEnumerator(run.State.Token);
            while (true)
            {
                ValueTask<bool> moving = items.MoveNextAsync();
                if (!moving.IsCompleted)
                {
                    // The source is about to wait: hand on what it already gave.
                    await feeder.FlushAsync().ConfigureAwait(false);
                }

                if (!await moving.ConfigureAwait(false))
                {
                    break;
                }

                while (feeder.MustWait)
                {
                    await feeder.WaitAsync().ConfigureAwait(false);
                }

                if (feeder.Add(items.Current))
                {
                    await feeder.FlushFullAsync().ConfigureAwait(false);
                }
            }

            await feeder.FlushAsync().ConfigureAwait(false);
            run.Entry.TryComplete();
        }
        catch (Exception exception)
        {
            EndFeeding(run, exception);
        }
    }

    /// <summary>A stopped run ends feeding quietly; anything else the input threw fails the run.</summary>
    private static void EndFeeding<TIn, TOut>(LineRun<TIn, TOut> run, Exception exception)
    {
        bool stopped = run.State.Token.IsCancellationRequested
            && exception is ChannelClosedException or OperationCanceledException;
        if (!stopped)
        {
            run.Fail(exception);
        }
    }

    /// <summary>Wraps input values into materials and puts them on the entry belt in batches.</summary>
    private sealed class Feeder<TIn>(RunState run, Belt<TIn> entry)
    {
        private readonly Outbox<TIn> outbox = new(entry);
        private long sequence;

        /// <summary>Adds an input; true when the batch is full. Inputs done before a resume, or past the budget, do not enter.</summary>
        public bool Add(TIn item)
        {
            var material = Material<TIn>.Entering(item, sequence++, run.Job);
            return run.Admit(ref material) && outbox.Add(material);
        }

        /// <summary>True when the next input must wait to run alone, or for the one before it that ran alone.</summary>
        public bool MustWait => run.Solo is { } solo && solo.MustWait(sequence);

        /// <summary>Hands on what the feeder holds (the line cannot drain without it), then waits for the line to drain.</summary>
        public async Task WaitAsync()
        {
            await outbox.FlushAsync().ConfigureAwait(false);
            await run.Solo!.WhenDrained().ConfigureAwait(false);
            run.Token.ThrowIfCancellationRequested();
        }

        public ValueTask FlushAsync() => outbox.FlushAsync();

        public ValueTask FlushFullAsync() => outbox.FlushFullAsync();
    }
}
