using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A batch station at run time. A collector takes materials off the belt into batches of up to
/// <c>BatchSize</c>: a batch goes when it is full, or <c>BatchWaitMs</c> after its first material
/// (at once when nothing more is ready, if no wait is set). Workers call the station once per
/// batch, with retries and timeouts per batch; outputs keep their materials' identities. A station
/// that gives a different number of outputs than inputs dead-letters the whole batch, saying so.
/// </summary>
internal sealed class BatchStage<TIn, TOut, TWork> : IStationStage, IProducer<TOut>, IReportsMissing
    where TWork : struct, IBatchWork<TIn, TOut>
{
    private readonly RunState run;
    private readonly StationDescriptor station;
    private readonly StationOptions options;
    private readonly TWork work;
    private readonly Belt<TIn> input;
    private readonly StationCounters counters;
    private readonly ReorderBuffer<TOut>? reorder;
    private readonly Channel<BatchJob> jobs;
    private readonly StationInstruments instruments;
    private Belt<TOut>? output;

    public BatchStage(RunState run, StationDescriptor station, TWork work, Belt<TIn> input)
    {
        this.run = run;
        this.station = station;
        this.work = work;
        this.input = input;
        options = station.Options;
        counters = new StationCounters(options.Parallelism + 1);
        jobs = Channel.CreateBounded<BatchJob>(new BoundedChannelOptions(options.Parallelism) { SingleWriter = true });
        if (options.Parallelism > 1 && options.Ordered)
        {
            reorder = new ReorderBuffer<TOut>(options.Parallelism * 2, run.Token);
        }

        Status = new StationStatus(station, counters, () => input.Count);
        instruments = new StationInstruments(run, station);
    }

    public StationStatus Status { get; }

    public SplitRegistry? MissingTo { private get; set; }

    public void Connect(Belt<TOut> belt) => output = belt;

    public Task Start()
    {
        Task collecting = Task.Run(CollectAsync);
        var workers = new Task[options.Parallelism];
        for (int i = 0; i < workers.Length; i++)
        {
            int index = i;
            workers[i] = Task.Run(() => WorkAsync(index));
        }

        Task? emitting = reorder is null ? null : Task.Run(EmitAsync);
        return FinishAsync(collecting, workers, emitting);
    }

    private async Task FinishAsync(Task collecting, Task[] workers, Task? emitting)
    {
        await collecting.ConfigureAwait(false);
        await Task.WhenAll(workers).ConfigureAwait(false);
        if (emitting is not null)
        {
            reorder!.WorkersDone();
            await emitting.ConfigureAwait(false);
        }

        output!.TryComplete(run.CompletionError);
    }

    private async Task CollectAsync()
    {
        var waiter = new ReusableWaiter();
        CancellationToken token = run.Token;
        try
        {
            while (true)
            {
                token.ThrowIfCancellationRequested();
                // Batch arrays come from the pool and go back once the worker is done with them.
                Material<TIn>[] batch = ArrayPool<Material<TIn>>.Shared.Rent(options.BatchSize);
                int count = input.TryRead(batch.AsSpan(0, options.BatchSize));
                if (count == 0)
                {
                    ArrayPool<Material<TIn>>.Shared.Return(batch);
                    if (!await input.WaitToReadAsync(waiter).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                if (count < options.BatchSize && options.BatchWaitMs > 0)
                {
                    count = await FillAsync(batch, count, token).ConfigureAwait(false);
                }

                long ticket = 0;
                if (reorder is not null)
                {
                    if (!await reorder.WaitForRoomAsync(waiter, token).ConfigureAwait(false))
                    {
                        token.ThrowIfCancellationRequested();
                    }

                    ticket = reorder.NextTicket();
                }

                await jobs.Writer.WriteAsync(new BatchJob(batch, count, ticket), token).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            run.Stopped(exception, $"Station '{station.Path}'");
        }
        finally
        {
            jobs.Writer.TryComplete();
        }
    }

    /// <summary>Waits for more materials until the batch is full or its time since the first material is up.</summary>
    private async Task<int> FillAsync(Material<TIn>[] batch, int count, CancellationToken token)
    {
        long started = Environment.TickCount64;
        while (count < options.BatchSize)
        {
            long remaining = options.BatchWaitMs - (Environment.TickCount64 - started);
            if (remaining <= 0)
            {
                break;
            }

            using var timer = CancellationTokenSource.CreateLinkedTokenSource(token);
            timer.CancelAfter(TimeSpan.FromMilliseconds(remaining));
            try
            {
                if (!await input.WaitToReadAsync(timer.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                break;
            }

            count += input.TryRead(batch.AsSpan(count, options.BatchSize - count));
        }

        return count;
    }

    private async Task WorkAsync(int index)
    {
        var worker = new WorkerState<TOut>(run, station, counters[index], new Outbox<TOut>(output!));
        CancellationToken token = run.Token;
        try
        {
            while (true)
            {
                if (!jobs.Reader.TryRead(out BatchJob job))
                {
                    // About to wait: hand on what the last batches gave.
                    await worker.Outbox.FlushAsync().ConfigureAwait(false);
                    if (!await jobs.Reader.WaitToReadAsync(token).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                if (run.Pause.IsPaused)
                {
                    await worker.Outbox.FlushAsync().ConfigureAwait(false);
                    await run.Pause.WaitAsync(token).ConfigureAwait(false);
                }

                await ProcessAsync(job, worker).ConfigureAwait(false);
            }

            await worker.Outbox.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            run.Stopped(exception, $"Station '{station.Path}'");
        }
        finally
        {
            worker.Dispose();
        }
    }

    private async Task ProcessAsync(BatchJob job, WorkerState<TOut> worker)
    {
        try
        {
            await ProcessBatchAsync(job, worker).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<Material<TIn>>.Shared.Return(job.Materials, clearArray: true);
        }
    }

    private async Task ProcessBatchAsync(BatchJob job, WorkerState<TOut> worker)
    {
        run.RefreshInstrumented();
        var inputs = new TIn[job.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = job.Materials[i].Value;
        }

        worker.Counts.In += job.Count;
        worker.Flight?.Begin(job.Materials.AsSpan(0, job.Count));
        (IReadOnlyList<TOut>? outputs, Exception? failure, int attempts) = await RunAttemptsAsync(job, inputs, worker).ConfigureAwait(false);
        worker.Flight?.End(job.Count);
        if (outputs is null)
        {
            for (int i = 0; i < job.Count; i++)
            {
                DeadLetter(job.Materials[i], failure!, attempts, worker.Counts);
            }

            reorder?.FillNone(job.Ticket, 1);
            return;
        }

        if (reorder is not null)
        {
            var filed = new Material<TOut>[job.Count];
            for (int i = 0; i < filed.Length; i++)
            {
                filed[i] = job.Materials[i].With(outputs[i]);
            }

            reorder.FillMany(job.Ticket, 1, filed);
            return;
        }

        for (int i = 0; i < job.Count; i++)
        {
            if (worker.Outbox.Add(job.Materials[i].With(outputs[i])))
            {
                await worker.Outbox.FlushFullAsync().ConfigureAwait(false);
            }

            worker.Counts.Out++;
        }
    }

    private async Task<(IReadOnlyList<TOut>? Outputs, Exception? Failure, int Attempts)> RunAttemptsAsync(BatchJob job, TIn[] inputs, WorkerState<TOut> worker)
    {
        for (int attempt = 1; ; attempt++)
        {
            CancellationToken token = worker.BeginAttempt(run.Token, options.TimeoutMs);
            worker.Context.Begin(job.Materials[0], attempt, token);
            long started = Stopwatch.GetTimestamp();
            Exception failure;
            try
            {
                await worker.Outbox.FlushAsync().ConfigureAwait(false);
                ValueTask<IReadOnlyList<TOut>> pending = work.ProcessAsync(inputs, worker.Context, token);
                IReadOnlyList<TOut> outputs = options.TimeoutMs > 0 && !pending.IsCompleted
                    ? await worker.WaitOrLetGoAsync(pending.AsTask(), token).ConfigureAwait(false)
                    : await pending.ConfigureAwait(false);
                if (outputs is null || outputs.Count != inputs.Length)
                {
                    // A broken contract, not a passing failure: retrying would not mend it.
                    return (null, new InvalidOperationException(
                        $"Batch station '{station.Path}' returned {outputs?.Count ?? 0} outputs for {inputs.Length} inputs; a batch station gives one output per input, in order."), attempt);
                }

                Record(job, attempt, started, ExecutionOutcome.Succeeded, null);
                return (outputs, null, attempt);
            }
            catch (Exception exception) when (!run.Token.IsCancellationRequested)
            {
                failure = worker.TimedOut && exception is OperationCanceledException
                    ? new TimeoutException($"Batch station '{station.Path}' did not finish a batch of {inputs.Length} within {options.TimeoutMs} ms (attempt {attempt}).")
                    : exception;
            }
            catch (Exception exception)
            {
                // The run was cancelled during the attempt: stop as the run does.
                throw run.Cancellation(exception);
            }
            finally
            {
                worker.EndAttempt();
            }

            Record(job, attempt, started, failure is TimeoutException ? ExecutionOutcome.TimedOut : ExecutionOutcome.Failed, failure);
            if (attempt >= options.MaxAttempts)
            {
                return (null, failure, attempt);
            }

            worker.Counts.Retries++;
            instruments.Retrying(MaterialInfo.Of(job.Materials[0]), attempt, failure);
            await Task.Delay(Backoff.Delay(options.BackoffMs, attempt), run.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Provenance is per material: every material of the batch gets the batch's attempt.</summary>
    private void Record(BatchJob job, int attempt, long started, ExecutionOutcome outcome, Exception? failure)
    {
        if (!instruments.Active)
        {
            return;
        }

        for (int i = 0; i < job.Count; i++)
        {
            instruments.EndAttempt(null, MaterialInfo.Of(job.Materials[i]), attempt, started, outcome, failure);
        }
    }

    private async Task EmitAsync()
    {
        try
        {
            await reorder!.EmitAsync(new Outbox<TOut>(output!), counters[options.Parallelism], run.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            run.Stopped(exception, $"Station '{station.Path}'");
        }
    }

    private void DeadLetter(in Material<TIn> material, Exception failure, int attempts, WorkerCounts counts) =>
        instruments.DeadLetter(material, work.Redact(material.Value), failure, attempts, counts, MissingTo);

    private readonly record struct BatchJob(Material<TIn>[] Materials, int Count, long Ticket);
}
