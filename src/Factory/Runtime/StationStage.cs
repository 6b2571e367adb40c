using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// One station at run time: <c>Parallelism</c> workers take materials off the belt in front of it,
/// call the station through its generated work struct, and put the outputs on the next belt in
/// batches. A single worker takes whatever is ready, up to a batch, with one lock; several workers
/// take one material at a time so a slow station's work spreads across them. Plain stations take
/// the inline path; retries and timeouts cost only the stations that ask for them. Ordered
/// parallel stations hand outputs to a reorder buffer.
/// </summary>
internal sealed class StationStage<TIn, TOut, TWork> : IStationStage, IProducer<TOut>, IFusable<TOut>, ISplitSource, IReportsMissing
    where TWork : struct, IStationWork<TIn, TOut>
{
    private readonly RunState run;
    private readonly StationDescriptor station;
    private readonly StationOptions options;
    private readonly TWork work;
    private readonly Belt<TIn> input;
    private readonly StationCounters counters;
    private readonly ReorderBuffer<TOut>? reorder;
    private readonly StationInstruments instruments;
    private Belt<TOut>? output;
    private IFusedStation<TOut>? fused;

    public StationStage(RunState run, StationDescriptor station, TWork work, Belt<TIn> input)
    {
        this.run = run;
        this.station = station;
        this.work = work;
        this.input = input;
        options = station.Options;
        counters = new StationCounters(options.Parallelism + 1);
        if (options.Parallelism > 1 && options.Ordered)
        {
            reorder = new ReorderBuffer<TOut>(Math.Max(options.Capacity, options.Parallelism * 2), run.Token);
        }

        Status = new StationStatus(station, counters, () => input.Count);

        // A single worker may pull the line's input itself (RunAsync over a sequence).
        input.SingleReader = options.Parallelism == 1;
        instruments = new StationInstruments(run, station);
    }

    public StationStatus Status { get; }

    /// <summary>Set when a gather follows this split: it hears how many children each input gave.</summary>
    public SplitRegistry? Expecting { private get; set; }

    /// <summary>Set when this station sits between a split and its gather: it hears of children that dead-letter here.</summary>
    public SplitRegistry? MissingTo { private get; set; }

    public void Connect(Belt<TOut> belt) => output = belt;

    public bool CanFuse => options.Parallelism == 1 && fused is null && output is null;

    public void Fuse(IFusedStation<TOut> next) => fused = next;

    public Task Start()
    {
        if (output is null && fused is null)
        {
            throw new InvalidOperationException($"Station '{station.Path}' has no output belt.");
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

        if (fused is not null)
        {
            fused.Complete(run.CompletionError);
        }
        else
        {
            output!.TryComplete(run.CompletionError);
        }
    }

    private async Task WorkAsync(int index)
    {
        IDownstream<TOut> downstream;
        if (fused is not null)
        {
            fused.Open();
            downstream = fused;
        }
        else
        {
            downstream = new Outbox<TOut>(output!, options.Parallelism);
        }

        var worker = new WorkerState<TOut>(run, station, counters[index], downstream);

        // A worker never takes more than its share of the belt: 64 workers of an I/O-bound station
        // keep small arrays, not 64 batches' worth each.
        var inbox = new Material<TIn>[Outbox<TIn>.Share(input.Capacity, options.Parallelism)];
        var pace = new WorkerPace(options.Parallelism);
        TicketOutputs<TOut>? filing = reorder is null ? null : new TicketOutputs<TOut>();
        CancellationToken token = run.Token;
        try
        {
            while (true)
            {
                // A stopped run closes the belts, but materials left on them must not run.
                token.ThrowIfCancellationRequested();
                long ticket = 0;
                int taken;
                int want = pace.Want(input.Count, inbox.Length);
                if (reorder is null)
                {
                    taken = input.TryRead(inbox.AsSpan(0, want));
                }
                else
                {
                    if (!await reorder.WaitForRoomAsync(worker.Waiter, token).ConfigureAwait(false))
                    {
                        token.ThrowIfCancellationRequested();
                    }

                    taken = reorder.TryTake(input, inbox.AsSpan(0, want), out ticket);
                }

                if (taken == 0)
                {
                    await worker.Outbox.FlushAsync().ConfigureAwait(false);
                    if (!await input.WaitToReadAsync(worker.Waiter).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                long started = pace.Start();
                run.RefreshInstrumented();
                for (int i = 0; i < taken; i++)
                {
                    // The material lives in this method's state machine, on the heap: stored field by
                    // field, as onto a belt (Material.Store says why).
                    Material<TIn> material = default;
                    Material<TIn>.Store(ref material, inbox[i]);
                    inbox[i] = default;
                    token.ThrowIfCancellationRequested();
                    if (run.Pause.IsPaused)
                    {
                        pace.Waited();
                        await worker.Outbox.FlushAsync().ConfigureAwait(false);
                        await run.Pause.WaitAsync(token).ConfigureAwait(false);
                    }

                    worker.Counts.In++;
                    bool succeeded;
                    if (options.IsPlain && !instruments.Active)
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
                                await worker.Outbox.FlushAsync().ConfigureAwait(false);
                                await pending.ConfigureAwait(false);
                            }

                            succeeded = true;
                        }
                        catch (Exception exception) when (!token.IsCancellationRequested)
                        {
                            DeadLetter(material, exception, 1, worker.Counts);
                            succeeded = false;
                        }
                        catch (Exception exception)
                        {
                            // The run was cancelled during the attempt: stop as the run does.
                            throw run.Cancellation(exception);
                        }
                    }
                    else
                    {
                        succeeded = await ProcessWithPolicyAsync(material, worker).ConfigureAwait(false);
                    }

                    worker.Flight?.End();

                    if (succeeded && station.Splits)
                    {
                        Expecting?.Expect(material.Id, material.ParentId, material.Sequence, material.Root, worker.Outputs.Count);
                        if (run.Observing)
                        {
                            run.SplitDone(MaterialInfo.Of(material), station, worker.Outputs.Count);
                        }
                    }

                    if (filing is not null)
                    {
                        if (succeeded)
                        {
                            for (int o = 0; o < worker.Outputs.Count; o++)
                            {
                                filing.Add(Next(material, worker.Outputs, o));
                            }
                        }
                    }
                    else if (succeeded)
                    {
                        for (int o = 0; o < worker.Outputs.Count; o++)
                        {
                            if (worker.Outbox.Add(Next(material, worker.Outputs, o)))
                            {
                                await pace.AwaitFlush(worker.Outbox.FlushFullAsync()).ConfigureAwait(false);
                            }

                            worker.Counts.Out++;
                        }

                        if (!pace.Quick)
                        {
                            // A slow station's outputs go on at once, not after 64 materials' worth of work.
                            await pace.AwaitFlush(worker.Outbox.FlushAsync()).ConfigureAwait(false);
                        }
                    }
                }

                filing?.File(reorder!, ticket, taken);
                pace.Done(started, taken);
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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ProcessWithPolicyAsync(Material<TIn> material, WorkerState<TOut> worker)
    {
        for (int attempt = 1; ; attempt++)
        {
            worker.Outputs.Clear();
            CancellationToken token = worker.BeginAttempt(run.Token, options.TimeoutMs);
            worker.Context.Begin(material, attempt, token);
            long started = Stopwatch.GetTimestamp();
            Activity? span = instruments.StartAttempt(material, attempt);
            try
            {
                ValueTask pending = work.ProcessAsync(material.Value, worker.Context, worker.Outputs, token);
                if (pending.IsCompletedSuccessfully)
                {
                    pending.GetAwaiter().GetResult();
                }
                else
                {
                    await worker.Outbox.FlushAsync().ConfigureAwait(false);
                    if (options.TimeoutMs > 0)
                    {
                        await worker.WaitOrLetGoAsync(pending.AsTask(), token).ConfigureAwait(false);
                    }
                    else
                    {
                        await pending.ConfigureAwait(false);
                    }
                }

                instruments.EndAttempt(span, MaterialInfo.Of(material), attempt, started, ExecutionOutcome.Succeeded, null, worker.Context);
                return true;
            }
            catch (Exception exception) when (!run.Token.IsCancellationRequested)
            {
                Exception failure = exception;
                bool timedOut = worker.TimedOut && exception is OperationCanceledException;
                if (timedOut)
                {
                    failure = new TimeoutException($"Station '{station.Path}' did not finish material {material.Id} within {options.TimeoutMs} ms (attempt {attempt}).");
                    worker.AbandonOutputs();
                }

                instruments.EndAttempt(span, MaterialInfo.Of(material), attempt, started, timedOut ? ExecutionOutcome.TimedOut : ExecutionOutcome.Failed, failure, worker.Context);

                if (attempt >= options.MaxAttempts)
                {
                    DeadLetter(material, failure, attempt, worker.Counts);
                    return false;
                }

                worker.Counts.Retries++;
                instruments.Retrying(MaterialInfo.Of(material), attempt, failure);
            }
            catch (Exception exception)
            {
                // The run was cancelled during the attempt: close its span, then stop as the run does.
                span?.Dispose();
                throw run.Cancellation(exception);
            }
            finally
            {
                worker.EndAttempt();
            }

            await worker.Outbox.FlushAsync().ConfigureAwait(false);
            await Task.Delay(Backoff.Delay(options.BackoffMs, attempt), run.Token).ConfigureAwait(false);
        }
    }

    /// <summary>A one-in-one-out station keeps the material's identity; a split gives each child a new id.</summary>
    private Material<TOut> Next(in Material<TIn> material, OutputBuffer<TOut> outputs, int index) =>
        station.Splits
            ? material.Child(outputs[index], index)
            : material.With(outputs[index]);

    private async Task EmitAsync(ReorderBuffer<TOut> buffer)
    {
        try
        {
            await buffer.EmitAsync(new Outbox<TOut>(output!), counters[options.Parallelism], run.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            run.Stopped(exception, $"Station '{station.Path}'");
        }
    }

    private void DeadLetter(in Material<TIn> material, Exception failure, int attempts, WorkerCounts counts) =>
        instruments.DeadLetter(material, work.Redact(material.Value), failure, attempts, counts, MissingTo);
}
