using System;
using System.Buffers;
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
internal sealed class BatchStage<TIn, TOut, TWork> : StationStageBase<TIn, TOut>
    where TWork : struct, IBatchWork<TIn, TOut>
{
    private readonly TWork work;
    private readonly Channel<BatchJob<TIn>> jobs;

    // One per station, shared by its workers (its andon counts all of them); made as the run starts, so a mistyped rule fails the start.
    private readonly Quality.StationSampler<TIn, TOut>? sampler;

    public BatchStage(RunState run, StationDescriptor station, TWork work, Belt<TIn> input, Quality.IInspector<TIn, TOut>[]? inspectors = null)
        : base(run, station, input, station.Options.Parallelism * 2)
    {
        this.work = work;
        sampler = run.SamplerFor(station, inspectors);
        jobs = Channel.CreateBounded<BatchJob<TIn>>(new BoundedChannelOptions(Options.Parallelism) { SingleWriter = true });
    }

    public override Task Start()
    {
        var tasks = new Task[Options.Parallelism + 1];
        tasks[0] = Task.Run(CollectAsync);
        for (int i = 1; i < tasks.Length; i++)
        {
            int index = i - 1;
            tasks[i] = Task.Run(() => WorkAsync(index));
        }

        return FinishAsync(Task.WhenAll(tasks), StartEmitter());
    }

    private async Task CollectAsync()
    {
        var waiter = new ReusableWaiter();
        CancellationToken token = Run.Token;
        try
        {
            while (true)
            {
                token.ThrowIfCancellationRequested();
                // Batch arrays come from the pool and go back once the worker is done with them.
                Material<TIn>[] batch = ArrayPool<Material<TIn>>.Shared.Rent(Options.BatchSize);
                int count = Input.TryRead(batch.AsSpan(0, Options.BatchSize));
                if (count == 0)
                {
                    ArrayPool<Material<TIn>>.Shared.Return(batch);
                    if (!await Input.WaitToReadAsync(waiter).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                if (count < Options.BatchSize && Options.BatchWaitMs > 0)
                {
                    count = await FillAsync(batch, count, token).ConfigureAwait(false);
                }

                long ticket = 0;
                if (Reorder is not null)
                {
                    if (!await Reorder.WaitForRoomAsync(waiter, token).ConfigureAwait(false))
                    {
                        token.ThrowIfCancellationRequested();
                    }

                    ticket = Reorder.NextTicket();
                }

                await jobs.Writer.WriteAsync(BatchJob<TIn>.Of(batch, count, ticket), token).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            Run.Stopped(exception, $"Station '{Station.Path}'");
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
        while (count < Options.BatchSize)
        {
            long remaining = Options.BatchWaitMs - (Environment.TickCount64 - started);
            if (remaining <= 0)
            {
                break;
            }

            using var timer = CancellationTokenSource.CreateLinkedTokenSource(token);
            timer.CancelAfter(TimeSpan.FromMilliseconds(remaining));
            try
            {
                if (!await Input.WaitToReadAsync(timer.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                break;
            }

            count += Input.TryRead(batch.AsSpan(count, Options.BatchSize - count));
        }

        return count;
    }

    private async Task WorkAsync(int index)
    {
        var outbox = new Outbox<TOut>(Output!);
        var call = new BatchCall<TIn, TOut, TWork>(work, Station, Instruments, MissingTo, sampler);
        var attempts = new Attempts<BatchCall<TIn, TOut, TWork>, BatchJob<TIn>, TOut>(Run, Station, Instruments, Counters[index], outbox, call);
        CancellationToken token = Run.Token;
        try
        {
            while (true)
            {
                if (!jobs.Reader.TryRead(out BatchJob<TIn> job))
                {
                    // About to wait: hand on what the last batches gave.
                    await outbox.FlushAsync().ConfigureAwait(false);
                    if (!await jobs.Reader.WaitToReadAsync(token).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                if (Run.Pause.IsPaused)
                {
                    await outbox.FlushAsync().ConfigureAwait(false);
                    await Run.Pause.WaitAsync(token).ConfigureAwait(false);
                }

                try
                {
                    await ProcessAsync(job, attempts, outbox).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<Material<TIn>>.Shared.Return(job.Materials, clearArray: true);
                }
            }

            await outbox.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Run.Stopped(exception, $"Station '{Station.Path}'");
        }
        finally
        {
            attempts.Dispose();
        }
    }

    private async Task ProcessAsync(BatchJob<TIn> job, Attempts<BatchCall<TIn, TOut, TWork>, BatchJob<TIn>, TOut> attempts, Outbox<TOut> outbox)
    {
        Run.RefreshInstrumented();
        attempts.Counts.In += job.Count;
        attempts.Context.Flight?.Begin(job.Span);
        bool succeeded = await attempts.RunAsync(in job).ConfigureAwait(false);
        attempts.Context.Flight?.End(job.Count);
        if (!succeeded)
        {
            Reorder?.FillNone(job.Ticket, 1);
            return;
        }

        OutputBuffer<TOut> outputs = attempts.Outputs;
        if (Reorder is not null)
        {
            var filed = new Material<TOut>[job.Count];
            for (int i = 0; i < filed.Length; i++)
            {
                filed[i] = job.Materials[i].With(outputs[i]);
            }

            Reorder.FillMany(job.Ticket, 1, filed);
            return;
        }

        for (int i = 0; i < job.Count; i++)
        {
            if (outbox.Add(job.Materials[i].With(outputs[i])))
            {
                await outbox.FlushFullAsync().ConfigureAwait(false);
            }

            attempts.Counts.Out++;
        }
    }
}
