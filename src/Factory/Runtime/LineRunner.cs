using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// <c>RunAsync</c> for every line: starts a run when enumeration begins, feeds the input on its own
/// task, streams the outputs, and ends with the run's outcome (the input's exception, or
/// cancellation). Leaving the enumeration early cancels the run.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LineRunner
{
    /// <summary>Runs <paramref name="line"/> over a sequence.</summary>
    public static async IAsyncEnumerable<TOut> RunAsync<TIn, TOut>(
        ILine<TIn, TOut> line,
        IEnumerable<TIn> input,
        JobOrder? job,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(input);
        LineRun<TIn, TOut> run = line.Start(job, cancellationToken);
        Task feeding = Task.Run(() => FeedAsync(run, input, cancellationToken), CancellationToken.None);
        await foreach (TOut item in DrainAsync(run, feeding, cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    /// <summary>Runs <paramref name="line"/> over an asynchronous sequence.</summary>
    public static async IAsyncEnumerable<TOut> RunAsync<TIn, TOut>(
        ILine<TIn, TOut> line,
        IAsyncEnumerable<TIn> input,
        JobOrder? job,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(input);
        LineRun<TIn, TOut> run = line.Start(job, cancellationToken);
        Task feeding = Task.Run(() => FeedAsync(run, input, cancellationToken), CancellationToken.None);
        await foreach (TOut item in DrainAsync(run, feeding, cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private static async IAsyncEnumerable<TOut> DrainAsync<TIn, TOut>(LineRun<TIn, TOut> run, Task feeding, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        bool finished = false;
        try
        {
            ChannelReader<TOut> output = run.Output;
            while (await WaitQuietlyAsync(output).ConfigureAwait(false))
            {
                while (output.TryRead(out TOut? item))
                {
                    yield return item;
                }
            }

            LineReport report = await run.Completion.ConfigureAwait(false);
            if (report.Outcome == LineOutcome.Cancelled)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new OperationCanceledException("The run was cancelled.");
            }

            finished = true;
        }
        finally
        {
            if (!finished)
            {
                run.Cancel();
            }

            await feeding.ConfigureAwait(false);
            if (!finished)
            {
                await Quietly(run.Completion).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits for output; a completion error is reported by <c>Completion</c> instead.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> WaitQuietlyAsync<TOut>(ChannelReader<TOut> output)
    {
        try
        {
            return await output.WaitToReadAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static async Task FeedAsync<TIn, TOut>(LineRun<TIn, TOut> run, IEnumerable<TIn> input, CancellationToken cancellationToken)
    {
        ChannelWriter<TIn> writer = run.Input;
        try
        {
            foreach (TIn item in input)
            {
                while (!writer.TryWrite(item))
                {
                    // No token: the channel reuses its waiter; a stopped run closes the entry.
                    if (!await writer.WaitToWriteAsync().ConfigureAwait(false))
                    {
                        throw new ChannelClosedException();
                    }
                }
            }

            writer.TryComplete();
        }
        catch (Exception exception)
        {
            EndFeeding(run, exception, cancellationToken);
        }
    }

    private static async Task FeedAsync<TIn, TOut>(LineRun<TIn, TOut> run, IAsyncEnumerable<TIn> input, CancellationToken cancellationToken)
    {
        ChannelWriter<TIn> writer = run.Input;
        try
        {
            await foreach (TIn item in input.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                while (!writer.TryWrite(item))
                {
                    // No token: the channel reuses its waiter; a stopped run closes the entry.
                    if (!await writer.WaitToWriteAsync().ConfigureAwait(false))
                    {
                        throw new ChannelClosedException();
                    }
                }
            }

            writer.TryComplete();
        }
        catch (Exception exception)
        {
            EndFeeding(run, exception, cancellationToken);
        }
    }

    /// <summary>Cancellation and a closed run end feeding quietly; anything else the input threw fails the run.</summary>
    private static void EndFeeding<TIn, TOut>(LineRun<TIn, TOut> run, Exception exception, CancellationToken cancellationToken)
    {
        // A closed entry means the run already ended (cancelled, failed, or the consumer left).
        bool stopped = exception is ChannelClosedException
            || (exception is OperationCanceledException && cancellationToken.IsCancellationRequested);
        if (!stopped)
        {
            run.Fail(exception);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The outcome was already reported to the consumer, or the consumer left early.
        }
    }
}
