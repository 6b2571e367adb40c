using System;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// One station at run time: <c>Parallelism</c> workers (<see cref="StationWorker{TIn, TOut, TWork}"/>)
/// take materials off the belt in front of it, call the station through its generated work struct,
/// and put the outputs on the next belt in batches, or run the stations fused after it on them.
/// Ordered parallel stations file outputs in a reorder buffer, which one emitter puts on the next
/// belt in input order.
/// </summary>
internal sealed class StationStage<TIn, TOut, TWork> : StationStageBase<TIn, TOut>, IFusable<TOut>, ISplitSource
    where TWork : struct, IStationWork<TIn, TOut>
{
    private readonly TWork work;

    // One per station, shared by its workers (its andon counts all of them); made as the run starts, so a mistyped rule fails the start.
    private readonly Quality.StationSampler<TIn, TOut>? sampler;
    private IFusedStation<TOut>? fused;

    public StationStage(RunState run, StationDescriptor station, TWork work, Belt<TIn> input, Quality.IInspector<TIn, TOut>[]? inspectors = null)
        : base(run, station, input, Math.Max(station.Options.Capacity, station.Options.Parallelism * 2))
    {
        this.work = work;
        sampler = run.SamplerFor(station, inspectors);

        // A single worker may pull the line's input itself (RunAsync over a sequence).
        input.SingleReader = Options.Parallelism == 1;
    }

    /// <summary>Set when a gather follows this split: it hears how many children each input gave.</summary>
    public SplitRegistry? Expecting { private get; set; }

    public bool CanFuse => Options.Parallelism == 1 && fused is null && Output is null;

    public void Fuse(IFusedStation<TOut> next) => fused = next;

    public StationInstruments? ChainsWith => FusedStation<TIn, TOut, TWork>.CanRunFused(Station) ? Instruments : null;

    public override Task Start()
    {
        if (Output is null && fused is null)
        {
            throw new InvalidOperationException($"Station '{Station.Path}' has no output belt.");
        }

        // RunAsync goes on to the thread pool at once, so no Task.Run (a closure, a delegate and two
        // tasks per worker: S4's 64 workers cost 17 KB a run more that way).
        var workers = new Task[Options.Parallelism];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = NewWorker(i).RunAsync();
        }

        return FinishAsync(Task.WhenAll(workers), StartEmitter());
    }

    protected override void Complete(Exception? error)
    {
        if (fused is not null)
        {
            fused.Complete(error);
        }
        else
        {
            base.Complete(error);
        }
    }

    /// <summary>Worker <paramref name="index"/>, with the stations fused into it opened.</summary>
    private StationWorker<TIn, TOut, TWork> NewWorker(int index)
    {
        // The worker's outbox waits with the worker's own waiter: the worker waits for one thing at a time.
        var waiter = new ReusableWaiter();
        IDownstream<TOut> downstream;
        if (fused is not null)
        {
            fused.Open();
            downstream = fused;
        }
        else
        {
            downstream = new Outbox<TOut>(Output!, Options.Parallelism, waiter);
        }

        var call = new StationCall<TIn, TOut, TWork>(work, Station, Instruments, MissingTo, sampler);
        var attempts = new Attempts<StationCall<TIn, TOut, TWork>, Material<TIn>, TOut>(Run, Station, Instruments, Counters[index], downstream, call);
        return new StationWorker<TIn, TOut, TWork>(Run, Station, work, attempts, downstream, Input, Reorder, Expecting, waiter);
    }
}
