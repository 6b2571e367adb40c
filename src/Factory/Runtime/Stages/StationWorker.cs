using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// One worker of a <see cref="StationStage{TIn, TOut, TWork}"/>. It takes materials off the belt in
/// front of the station, processes each through its attempts (<see cref="Attempts{TCall, TSubject, TOut}"/>),
/// and hands what each gave on: to its outbox or the stations fused into it, or, for an ordered
/// station with several workers, to the reorder buffer under the take's ticket. A single worker takes whatever is ready, up
/// to a batch, with one lock; one of several takes its share while the station is quick, one material
/// at a time while it is slow, so slow work spreads across the workers (<see cref="WorkerPace"/>).
/// </summary>
internal sealed class StationWorker<TIn, TOut, TWork>(
    RunState run,
    StationDescriptor station,
    TWork work,
    Attempts<StationCall<TIn, TOut, TWork>, Material<TIn>, TOut> attempts,
    IDownstream<TOut> downstream,
    Belt<TIn> input,
    ReorderBuffer<TOut>? reorder,
    SplitRegistry? expecting,
    ReusableWaiter waiter)
    where TWork : struct, IStationWork<TIn, TOut>
{
    // A worker never takes more than its share of the belt: 64 workers of an I/O-bound station
    // keep small arrays, not 64 batches' worth each. One of several workers takes one material at a
    // time until its station proves quick (WorkerPace), so its inbox starts with one slot.
    private readonly int share = Outbox<TIn>.Share(input.Capacity, station.Options.Parallelism);
    private Material<TIn>[] inbox = new Material<TIn>[station.Options.Parallelism == 1 ? Outbox<TIn>.Share(input.Capacity, 1) : 1];

    // No retries, timeout or quality control, a function of its input alone, and no flight recorder to
    // tell: while no one listens, its work is mapped directly (Map), a take at a time through the
    // function stations fused after it (MapTake). (The shape first: asking a work struct that is not
    // a function boxes it, for the interface's default answer.)
    private readonly MappedTake? mappedTake = station.Shape == WorkShape.Sync && station.Options.IsPlain && work.IsFunction && attempts.Context is { Flight: null, Inspections: null }
        ? new MappedTake(run.Job)
        : null;

    // The downstream again when it takes values, and a mapped take's values before and after this station.
    private readonly IValueDownstream<TOut>? valueDownstream = downstream as IValueDownstream<TOut>;
    private TIn[] inputs = [];
    private TOut[] outputs = [];

    private readonly TicketOutputs<TOut>? filing = reorder is null ? null : new TicketOutputs<TOut>();
    private WorkerPace pace = new(station.Options.Parallelism);
    private long ticket;

    /// <summary>
    /// Works until the belt is closed and empty: takes what is ready (<see cref="Take"/>), processes each
    /// material through the worker's attempts, and hands on what it gave (<see cref="HandOn"/>). Never
    /// throws: a failure goes to the run, a cancellation ends the worker quietly.
    /// </summary>
    /// <remarks>
    /// Every wait of the worker is awaited here, in one long-lived method, not in smaller async methods:
    /// a suspended nested method takes a state machine box (from a pool, which 64 workers of an
    /// I/O-bound station outrun), and an asynchronous station suspends for every material. It goes on to
    /// the thread pool at once, so the stage starts it by calling it.
    /// </remarks>
    public async Task RunAsync()
    {
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        CancellationToken token = run.Token;
        try
        {
            while (true)
            {
                // A stopped run closes the belts, but materials left on them must not run.
                token.ThrowIfCancellationRequested();
                if (reorder is not null && !await reorder.WaitForRoomAsync(waiter, token).ConfigureAwait(false))
                {
                    token.ThrowIfCancellationRequested();
                }

                int taken = Take();
                if (taken == 0)
                {
                    // About to wait: hand on what the last take gave.
                    await downstream.FlushAsync().ConfigureAwait(false);
                    if (!await input.WaitToReadAsync(waiter).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                long started = pace.Start();
                run.RefreshInstrumented();
                if (mappedTake is not null && pace.Quick && filing is null && !run.Metered && !run.Pause.IsPaused)
                {
                    // A quick function station and the chain after it may map the take a station at a time
                    // (a slow one hands each output on at once); the outbox at the end needs room for all of it.
                    int room = valueDownstream?.RoomForValues ?? -1;
                    if (room >= 0 && room < taken)
                    {
                        await pace.AwaitFlush(downstream.FlushAsync()).ConfigureAwait(false);
                        room = valueDownstream!.RoomForValues;
                    }

                    // The flush may have waited: a pause or a cancellation since is heard before the take runs.
                    token.ThrowIfCancellationRequested();
                    if (room >= taken && !run.Pause.IsPaused && mappedTake.TryBegin(inbox.AsSpan(0, taken), Inputs(taken), spansListen: run.Instrumented))
                    {
                        if (MapTake(taken))
                        {
                            await pace.AwaitFlush(downstream.FlushFullAsync()).ConfigureAwait(false);
                        }

                        pace.Done(started, taken);
                        continue;
                    }
                }

                for (int i = 0; i < taken; i++)
                {
                    token.ThrowIfCancellationRequested();
                    if (run.Pause.IsPaused)
                    {
                        pace.Waited();
                        await downstream.FlushAsync().ConfigureAwait(false);
                        await run.Pause.WaitAsync(token).ConfigureAwait(false);
                    }

                    // The material stays in the inbox while it is processed and handed on: read there by
                    // reference rather than copied (Material.Store says what a copy costs).
                    attempts.Counts.In++;
                    bool succeeded = mappedTake is not null && run.Unheard(in inbox[i]) ? Map(i) : await attempts.RunAsync(in inbox[i]).ConfigureAwait(false);
                    attempts.Context.Flight?.End();
                    for (int full = succeeded ? HandOn(i, 0) : -1; full >= 0; full = HandOn(i, full + 1))
                    {
                        await pace.AwaitFlush(downstream.FlushFullAsync()).ConfigureAwait(false);
                        attempts.Counts.Out++;
                    }

                    if (succeeded && filing is null && !pace.Quick)
                    {
                        // A slow station's outputs go on at once, not after 64 materials' worth of work.
                        await pace.AwaitFlush(downstream.FlushAsync()).ConfigureAwait(false);
                    }

                    inbox[i] = default;
                }

                filing?.File(reorder!, ticket, taken);
                pace.Done(started, taken);
            }

            await downstream.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            run.Stopped(exception, $"Station '{station.Path}'");
        }
        finally
        {
            attempts.Dispose();
        }
    }

    /// <summary>The take's input values, for <see cref="MapTake"/>.</summary>
    private Span<TIn> Inputs(int taken)
    {
        if (inputs.Length < taken)
        {
            (inputs, outputs) = (new TIn[inbox.Length], new TOut[inbox.Length]);
        }

        return inputs.AsSpan(0, taken);
    }

    /// <summary>
    /// Maps the take (its values in <see cref="inputs"/>, its identities in <see cref="mappedTake"/>) in
    /// one loop, and hands what stays on as values to the function stations fused after this one, which
    /// do the same, and to the outbox at the end. True when the outbox is then full.
    /// </summary>
    private bool MapTake(int taken)
    {
        int kept = mappedTake!.Map(work, inputs.AsSpan(0, taken), outputs, attempts);
        bool full = valueDownstream!.AddValues(mappedTake, outputs.AsSpan(0, kept));
        MappedTake.Clear<TIn>(inputs, taken);
        MappedTake.Clear<TOut>(outputs, kept);

        // Besides values and traces, the inbox holds only the run's job order, which the worker holds anyway.
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TIn>() || mappedTake.Traced)
        {
            Array.Clear(inbox, 0, taken);
        }

        mappedTake.End();
        return full;
    }

    /// <summary>
    /// A station that is a function of its input (<see cref="mappedTake"/>), while no one listens to the material: its
    /// output straight from its work method into the attempts' buffer, with no context to tell. An
    /// exception is decided by the attempts, as if they had made the call.
    /// </summary>
    private bool Map(int index)
    {
        OutputBuffer<TOut> buffer = attempts.Outputs;
        buffer.Clear();
        try
        {
            buffer.Add(work.Map(inbox[index].Value));
            return true;
        }
        catch (Exception exception)
        {
            return attempts.ThrewAtOnce(in inbox[index], exception);
        }
    }

    /// <summary>
    /// Takes what is ready into the inbox, up to the worker's share (with a reorder buffer, as much as
    /// its window has room for, under one ticket); returns how many, none when there is nothing.
    /// </summary>
    private int Take()
    {
        int want = pace.Want(input.Count, share);
        if (want > inbox.Length)
        {
            // Empty between takes.
            inbox = new Material<TIn>[share];
        }

        return reorder is null
            ? input.TryRead(inbox.AsSpan(0, want))
            : reorder.TryTake(input, inbox.AsSpan(0, want), out ticket);
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
        OutputBuffer<TOut> outputs = attempts.Outputs;
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
            if (downstream.Add(Next(material, outputs, o)))
            {
                return o;
            }

            attempts.Counts.Out++;
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
