using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// One worker of a <see cref="StationStage{TIn, TOut, TWork}"/>. It takes materials off the belt in
/// front of the station, processes each through its <see cref="Attempts{TOut}"/>, and hands what each
/// gave on: to its outbox or the stations fused into it, or, for an ordered station with several
/// workers, to the reorder buffer under the take's ticket. A single worker takes whatever is ready, up
/// to a batch, with one lock; one of several takes its share while the station is quick, one material
/// at a time while it is slow, so slow work spreads across the workers (<see cref="WorkerPace"/>).
/// </summary>
internal sealed class StationWorker<TIn, TOut, TWork>(
    RunState run,
    StationDescriptor station,
    StationCall<TIn, TOut, TWork> call,
    WorkerState<TOut> worker,
    Belt<TIn> input,
    ReorderBuffer<TOut>? reorder,
    SplitRegistry? expecting)
    where TWork : struct, IStationWork<TIn, TOut>
{
    // A worker never takes more than its share of the belt: 64 workers of an I/O-bound station
    // keep small arrays, not 64 batches' worth each.
    private readonly Material<TIn>[] inbox = new Material<TIn>[Outbox<TIn>.Share(input.Capacity, station.Options.Parallelism)];
    private readonly TicketOutputs<TOut>? filing = reorder is null ? null : new TicketOutputs<TOut>();
    private WorkerPace pace = new(station.Options.Parallelism);
    private long ticket;

    /// <summary>Works until the belt is closed and empty. Never throws: a failure goes to the run, a cancellation ends the worker quietly.</summary>
    public async Task RunAsync()
    {
        try
        {
            int taken;
            while ((taken = await TakeAsync().ConfigureAwait(false)) > 0)
            {
                await ProcessAsync(taken).ConfigureAwait(false);
            }

            await worker.Downstream.FlushAsync().ConfigureAwait(false);
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

    /// <summary>
    /// Takes what is ready into the inbox, waiting for it (and, when keeping order, for room in the
    /// reorder window) as long as there is none; returns how many, none once the belt is closed and empty.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> TakeAsync()
    {
        CancellationToken token = run.Token;
        while (true)
        {
            // A stopped run closes the belts, but materials left on them must not run.
            token.ThrowIfCancellationRequested();
            int want = pace.Want(input.Count, inbox.Length);
            int taken;
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

            if (taken > 0)
            {
                return taken;
            }

            // About to wait: hand on what the last take gave.
            await worker.Downstream.FlushAsync().ConfigureAwait(false);
            if (!await input.WaitToReadAsync(worker.Waiter).ConfigureAwait(false))
            {
                return 0;
            }
        }
    }

    /// <summary>Runs the station on each material of the take, handing each one's outputs on as it goes.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ProcessAsync(int taken)
    {
        CancellationToken token = run.Token;
        long started = pace.Start();
        run.RefreshInstrumented();
        for (int i = 0; i < taken; i++)
        {
            // The material stays in the inbox while it is processed: attempts and hand-on read it there,
            // by reference, rather than copy it (Material.Store says what a copy costs).
            token.ThrowIfCancellationRequested();
            if (run.Pause.IsPaused)
            {
                pace.Waited();
                await worker.Downstream.FlushAsync().ConfigureAwait(false);
                await run.Pause.WaitAsync(token).ConfigureAwait(false);
            }

            worker.Counts.In++;
            bool succeeded = await worker.Attempts.RunAsync(ref call, in inbox[i]).ConfigureAwait(false);
            worker.Flight?.End();
            if (succeeded)
            {
                // Handed on until the outbox is full, which is flushed (waiting for room, maybe) before the rest go.
                for (int full = HandOn(i, 0); full >= 0; full = HandOn(i, full + 1))
                {
                    await pace.AwaitFlush(worker.Downstream.FlushFullAsync()).ConfigureAwait(false);
                    worker.Counts.Out++;
                }

                if (filing is null && !pace.Quick)
                {
                    // A slow station's outputs go on at once, not after 64 materials' worth of work.
                    await pace.AwaitFlush(worker.Downstream.FlushAsync()).ConfigureAwait(false);
                }
            }

            inbox[i] = default;
        }

        filing?.File(reorder!, ticket, taken);
        pace.Done(started, taken);
    }

    /// <summary>
    /// Hands on what the material at <c>inbox[<paramref name="index"/>]</c> gave, from output
    /// <paramref name="from"/> on: files it under the take's ticket, or puts it into the outbox (or
    /// the stations fused after this one). Returns the output after which the outbox is full and must
    /// be flushed before the rest go on, or -1 once all are on.
    /// </summary>
    private int HandOn(int index, int from)
    {
        ref readonly Material<TIn> material = ref inbox[index];
        OutputBuffer<TOut> outputs = worker.Attempts.Outputs;
        if (from == 0 && station.Splits)
        {
            Split(material, outputs.Count);
        }

        if (filing is not null)
        {
            for (int o = 0; o < outputs.Count; o++)
            {
                filing.Add(Next(material, outputs, o));
            }

            return -1;
        }

        for (int o = from; o < outputs.Count; o++)
        {
            if (worker.Downstream.Add(Next(material, outputs, o)))
            {
                return o;
            }

            worker.Counts.Out++;
        }

        return -1;
    }

    /// <summary>A split tells the gather after it, and the observers, how many children its input gave.</summary>
    private void Split(in Material<TIn> parent, int children)
    {
        expecting?.Expect(parent.Id, parent.ParentId, parent.Sequence, parent.Root, children);
        if (run.Observing)
        {
            run.SplitDone(MaterialInfo.Of(parent), station, children);
        }
    }

    /// <summary>A one-in-one-out station keeps the material's identity; a split gives each child a new id.</summary>
    private Material<TOut> Next(in Material<TIn> material, OutputBuffer<TOut> outputs, int index) =>
        station.Splits
            ? material.Child(outputs[index], index)
            : material.With(outputs[index]);
}
