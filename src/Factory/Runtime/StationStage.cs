using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// One station at run time: <c>Parallelism</c> workers drain the bounded channel in front of it
/// (<c>WaitToReadAsync</c> + <c>TryRead</c>), call the station through its generated work struct, and
/// put the outputs on the next conveyor. Plain stations take the inline path; retries and timeouts
/// cost only the stations that ask for them. Ordered parallel stations hand outputs to a reorder buffer.
/// </summary>
internal sealed class StationStage<TIn, TOut, TWork> : IStage, IProducer<TOut>
    where TWork : struct, IStationWork<TIn, TOut>
{
    private readonly RunState run;
    private readonly StationDescriptor station;
    private readonly StationOptions options;
    private readonly TWork work;
    private readonly ChannelReader<Material<TIn>> input;
    private readonly StationCounters counters;
    private readonly ReorderBuffer<TOut>? reorder;
    private ChannelWriter<Material<TOut>>? output;

    public StationStage(RunState run, StationDescriptor station, TWork work, ChannelReader<Material<TIn>> input)
    {
        this.run = run;
        this.station = station;
        this.work = work;
        this.input = input;
        options = station.Options;
        counters = new StationCounters(options.Parallelism + 1);
        if (options.Parallelism > 1 && options.Ordered)
        {
            reorder = new ReorderBuffer<TOut>(Math.Max(options.Capacity, options.Parallelism * 2));
        }

        Status = new StationStatus(station, counters, () => input.CanCount ? input.Count : 0);
    }

    public StationStatus Status { get; }

    public void Connect(ChannelWriter<Material<TOut>> writer) => output = writer;

    public Task Start()
    {
        if (output is null)
        {
            throw new InvalidOperationException($"Station '{station.Path}' has no output conveyor.");
        }

        var workers = new Task[options.Parallelism];
        for (int i = 0; i < workers.Length; i++)
        {
            int index = i;
            workers[i] = Task.Run(() => WorkAsync(index));
        }

        Task? emitting = reorder is null ? null : Task.Run(() => EmitAsync(reorder));
        return FinishAsync(workers, emitting);
    }

    private async Task FinishAsync(Task[] workers, Task? emitting)
    {
        // Workers and the emitter never throw: failures go to run.Fail, cancellation ends them quietly.
        await Task.WhenAll(workers).ConfigureAwait(false);
        if (emitting is not null)
        {
            reorder!.WorkersDone();
            await emitting.ConfigureAwait(false);
        }

        output!.TryComplete(run.CompletionError);
    }

    private async Task WorkAsync(int index)
    {
        var worker = new WorkerState<TOut>(station, run.Job, counters[index]);
        CancellationToken token = run.Token;
        ChannelWriter<Material<TOut>> writer = output!;
        try
        {
            while (await input.WaitToReadAsync().ConfigureAwait(false))
            {
                while (true)
                {
                    // A stopped run closes the conveyors, but materials left in them must not run.
                    token.ThrowIfCancellationRequested();
                    long ticket = 0;
                    Material<TIn> material;
                    if (reorder is null)
                    {
                        if (!input.TryRead(out material))
                        {
                            break;
                        }
                    }
                    else
                    {
                        await reorder.WaitForRoomAsync(token).ConfigureAwait(false);
                        if (!reorder.TryTake(input, out material, out ticket))
                        {
                            reorder.ReturnRoom();
                            break;
                        }
                    }

                    if (run.Pause.IsPaused)
                    {
                        await run.Pause.WaitAsync(token).ConfigureAwait(false);
                    }

                    worker.Counts.In++;
                    bool succeeded;
                    if (options.IsPlain)
                    {
                        worker.Outputs.Clear();
                        worker.Context.Begin(material, 1, token);
                        try
                        {
                            ValueTask pending = work.ProcessAsync(material.Value, worker.Context, worker.Outputs, token);
                            if (pending.IsCompletedSuccessfully)
                            {
                                pending.GetAwaiter().GetResult();
                            }
                            else
                            {
                                await pending.ConfigureAwait(false);
                            }

                            succeeded = true;
                        }
                        catch (Exception exception) when (!token.IsCancellationRequested)
                        {
                            DeadLetter(material, exception, 1, worker.Counts);
                            succeeded = false;
                        }
                    }
                    else
                    {
                        succeeded = await ProcessWithPolicyAsync(material, worker).ConfigureAwait(false);
                    }

                    if (reorder is not null)
                    {
                        reorder.Fill(ticket, succeeded ? Collect(material, worker.Outputs) : []);
                        continue;
                    }

                    if (!succeeded)
                    {
                        continue;
                    }

                    // Publishing is inline, not a helper method: a helper's state machine would be
                    // boxed each time the next conveyor is full, which is often under load.
                    for (int i = 0; i < worker.Outputs.Count; i++)
                    {
                        Material<TOut> next = Next(material, worker.Outputs, i);
                        while (!writer.TryWrite(next))
                        {
                            // No token: the channel's own waiter is reused; a stopped run closes the channel.
                            if (!await writer.WaitToWriteAsync().ConfigureAwait(false))
                            {
                                throw new ChannelClosedException();
                            }
                        }

                        worker.Counts.Out++;
                    }
                }
            }
        }
        catch (Exception exception) when (token.IsCancellationRequested && exception is OperationCanceledException or ChannelClosedException)
        {
            // The run was cancelled or failed elsewhere: stop quietly.
        }
        catch (Exception exception)
        {
            run.Fail(new InvalidOperationException($"Station '{station.Path}' stopped unexpectedly: {exception.Message}", exception));
        }
        finally
        {
            worker.Dispose();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ProcessWithPolicyAsync(Material<TIn> material, WorkerState<TOut> worker)
    {
        for (int attempt = 1; ; attempt++)
        {
            worker.Outputs.Clear();
            CancellationToken token = worker.BeginAttempt(run.Token, options.TimeoutMs);
            worker.Context.Begin(material, attempt, token);
            try
            {
                ValueTask pending = work.ProcessAsync(material.Value, worker.Context, worker.Outputs, token);
                if (pending.IsCompletedSuccessfully)
                {
                    pending.GetAwaiter().GetResult();
                }
                else if (options.TimeoutMs > 0)
                {
                    // WaitAsync lets the attempt go even when the station ignores its token.
                    await pending.AsTask().WaitAsync(token).ConfigureAwait(false);
                }
                else
                {
                    await pending.ConfigureAwait(false);
                }

                return true;
            }
            catch (Exception exception) when (!run.Token.IsCancellationRequested)
            {
                Exception failure = exception;
                if (worker.TimedOut && exception is OperationCanceledException)
                {
                    failure = new TimeoutException($"Station '{station.Path}' did not finish material {material.Id} within {options.TimeoutMs} ms (attempt {attempt}).");
                    worker.AbandonOutputs();
                }

                if (attempt >= options.MaxAttempts)
                {
                    DeadLetter(material, failure, attempt, worker.Counts);
                    return false;
                }

                worker.Counts.Retries++;
            }
            finally
            {
                worker.EndAttempt();
            }

            await Task.Delay(Backoff.Delay(options.BackoffMs, attempt), run.Token).ConfigureAwait(false);
        }
    }

    private Material<TOut>[] Collect(in Material<TIn> material, OutputBuffer<TOut> outputs)
    {
        var collected = new Material<TOut>[outputs.Count];
        for (int i = 0; i < collected.Length; i++)
        {
            collected[i] = Next(material, outputs, i);
        }

        return collected;
    }

    /// <summary>A one-in-one-out station keeps the material's identity; a split gives each child a new id.</summary>
    private Material<TOut> Next(in Material<TIn> material, OutputBuffer<TOut> outputs, int index) =>
        station.Splits
            ? new Material<TOut>(outputs[index], run.NextMaterialId(), material.Id, index, material.Job, 1)
            : material.With(outputs[index]);

    private async Task EmitAsync(ReorderBuffer<TOut> buffer)
    {
        try
        {
            await buffer.EmitAsync(output!, counters[options.Parallelism], run.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (run.Token.IsCancellationRequested && exception is OperationCanceledException or ChannelClosedException)
        {
            // The run was cancelled or failed elsewhere.
        }
        catch (Exception exception)
        {
            run.Fail(new InvalidOperationException($"Station '{station.Path}' stopped unexpectedly: {exception.Message}", exception));
        }
    }

    private void DeadLetter(in Material<TIn> material, Exception failure, int attempts, WorkerCounts counts)
    {
        counts.DeadLettered++;
        run.DeadLetter(new DeadLetter(
            material.Id,
            material.ParentId,
            station.Path,
            station.Version,
            attempts,
            failure.GetType().FullName ?? failure.GetType().Name,
            failure.Message,
            material.Value,
            DateTimeOffset.UtcNow));
    }
}
