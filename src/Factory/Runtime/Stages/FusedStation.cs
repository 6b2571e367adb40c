using System;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A plain synchronous station (one worker, one output per input, no retries or timeouts) run by the
/// worker of the station before it, with no belt and no task of its own: PERF.md measured a hop as the
/// main cost of trivial stations, and fusing removes it. It still counts, dead-letters and reports as
/// its own station, so the line behaves exactly as if it were not fused; its attempts are traced in one
/// span with the plain synchronous stations it runs with (<see cref="ChainSpan"/>). While no one listens,
/// one with no quality control calls its work directly (<see cref="CallDirectly"/>; docs/design.md,
/// "A fused station's fast path").
/// </summary>
internal sealed class FusedStation<TIn, TOut, TWork> : IFusedStation<TIn>, IValueDownstream<TIn>, IStationStage, IProducer<TOut>, IFusable<TOut>, IReportsMissing
    where TWork : struct, IStationWork<TIn, TOut>
{
    private readonly RunState run;
    private readonly StationDescriptor station;
    private readonly TWork work;
    private readonly WorkerCounts counts;
    private readonly StationInstruments instruments;
    private readonly Quality.StationSampler<TIn, TOut>? sampler;
    private readonly CancellationToken token;

    // No quality control: while no one listens, the station is called directly (CallDirectly). Decided as the line is wired.
    private readonly bool plain;

    // Plain, a function of its input alone, and no flight recorder to tell: while no one listens, mapped directly (MapDirectly). Decided as the worker opens.
    private bool function;
    private Attempts<StationCall<TIn, TOut, TWork>, Material<TIn>, TOut>? attempts;

    // A function's outputs for a take mapped a station at a time (AddValues).
    private TOut[] mapped = [];
    private IFusedStation<TOut>? fused;
    private Belt<TOut>? output;
    private IDownstream<TOut>? downstream;

    // The downstream again when it takes values: a function station or the outbox, not a router.
    private IValueDownstream<TOut>? valueDownstream;

    /// <summary>A fused station; one fused after a plain synchronous station (<paramref name="follows"/>) shares its span.</summary>
    public FusedStation(RunState run, StationDescriptor station, TWork work, Quality.IInspector<TIn, TOut>[]? inspectors = null, StationInstruments? follows = null)
    {
        this.run = run;
        this.station = station;
        this.work = work;
        var counters = new StationCounters(1);
        counts = counters[0];
        instruments = new StationInstruments(run, station, counters.Durations);
        if (follows is not null)
        {
            instruments.Follows(follows);
        }

        sampler = run.SamplerFor(station, inspectors);
        plain = sampler is null; // the line fuses only a station CanRunFused allows
        token = run.Token;
        Status = new StationStatus(station, counters, static () => 0);
    }

    public StationStatus Status { get; }

    public SplitRegistry? MissingTo { private get; set; }

    public bool CanFuse => fused is null && output is null;

    /// <summary>True for a station that can run inside the worker of the one before it.</summary>
    public static bool CanRunFused(StationDescriptor station) =>
        station.Shape == WorkShape.Sync
        && station.Options.IsPlain
        && station.Options.Parallelism == 1
        && !station.Options.IsBatch;

    public void Fuse(IFusedStation<TOut> next) => fused = next;

    public StationInstruments? ChainsWith => instruments;

    public void Connect(Belt<TOut> belt) => output = belt;

    /// <summary>Fused stations have no worker: the station they are fused into runs them.</summary>
    public Task Start() => Task.CompletedTask;

    public void Open()
    {
        // Made as the worker it runs in starts: its flight slots, and the gather it reports to, are known by then.
        var call = new StationCall<TIn, TOut, TWork>(work, station, instruments, MissingTo, sampler);
        attempts = new(run, station, instruments, counts, downstream: null, call);
        function = plain && work.IsFunction && attempts.Context.Flight is null;
        if (function)
        {
            mapped = new TOut[Outbox<TOut>.MaxBatch];
        }

        if (fused is not null)
        {
            fused.Open();
            downstream = fused;
        }
        else
        {
            downstream = new Outbox<TOut>(output ?? throw new InvalidOperationException($"Station '{station.Path}' has no output belt."));
        }

        valueDownstream = downstream as IValueDownstream<TOut>;
    }

    public bool Add(in Material<TIn> material)
    {
        counts.In++;
        bool unheard = run.Unheard(in material);
        if (function && unheard)
        {
            return MapDirectly(in material);
        }

        bool succeeded = plain && unheard ? CallDirectly(in material) : attempts!.RunAtOnce(in material);
        return succeeded && HandOn(in material, attempts!.Outputs[0]);
    }

    /// <summary>Hands <paramref name="output"/>, the material's, on; true when the outbox is then full.</summary>
    private bool HandOn(in Material<TIn> material, TOut output)
    {
        counts.Out++;
        return downstream!.Add(material.With(output));
    }

    public int RoomForValues => function && !run.Metered && valueDownstream is { } next ? next.RoomForValues : -1;

    /// <summary>Maps a take's values in one loop, and hands what stays on as values (<see cref="MappedTake"/>).</summary>
    public bool AddValues(MappedTake take, Span<TIn> values)
    {
        // A cancelled run's take goes no further: material by material, the worker would not start the next.
        token.ThrowIfCancellationRequested();
        int kept = take.Map(work, values, mapped, attempts!);
        bool full = valueDownstream!.AddValues(take, mapped.AsSpan(0, kept));
        MappedTake.Clear<TOut>(mapped, kept);
        return full;
    }

    /// <summary>
    /// The fastest path, for a station that is a function of its input (<see cref="function"/>): its
    /// output straight from its work method, with no context to tell and no output buffer. An exception
    /// is decided by its attempts, as on <see cref="CallDirectly"/>.
    /// </summary>
    private bool MapDirectly(in Material<TIn> material)
    {
        TOut output;
        try
        {
            output = work.Map(material.Value);
        }
        catch (Exception exception)
        {
            return attempts!.ThrewAtOnce(in material, exception) && HandOn(in material, attempts.Outputs[0]);
        }

        return HandOn(in material, output);
    }

    /// <summary>
    /// The fast path: the station's call with the context told the material, and nothing else, while
    /// no one listens (no span, clock or record to make). Taken only by a station with no quality
    /// control (<see cref="plain"/>; a fused station has no retries and no timeout); anything unusual,
    /// an exception or a call that did not finish, goes to its attempts and is decided as there.
    /// </summary>
    private bool CallDirectly(in Material<TIn> material)
    {
        Attempts<StationCall<TIn, TOut, TWork>, Material<TIn>, TOut> attempts = this.attempts!;
        OutputBuffer<TOut> outputs = attempts.Outputs;
        outputs.Clear();
        StationContext context = attempts.Context;
        context.Begin(material, 1, token);
        ValueTask called;
        try
        {
            called = work.ProcessAsync(material.Value, context, outputs, token);
            if (called.IsCompletedSuccessfully)
            {
                called.GetAwaiter().GetResult();
                return true;
            }
        }
        catch (Exception exception)
        {
            return attempts.ThrewAtOnce(in material, exception);
        }

        return attempts.PendingAtOnce(in material, called);
    }

    public ValueTask FlushAsync() => downstream!.FlushAsync();

    public ValueTask FlushFullAsync() => downstream!.FlushFullAsync();

    public void Complete(Exception? error)
    {
        if (fused is not null)
        {
            fused.Complete(error);
        }
        else
        {
            output?.TryComplete(error);
        }
    }
}
