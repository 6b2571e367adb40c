using System;
using System.Diagnostics;
using Factory.Telemetry;

namespace Factory.Runtime;

/// <summary>
/// What one station reports about each attempt when someone listens: a span (a child of the
/// material's trace, current while the station works, so its own calls nest under it; for a station
/// in a chain of fused plain synchronous stations, the chain's one span: <see cref="ChainSpan"/>), the
/// per-station counters and latency histogram, the observers' provenance record, and logs.
/// Built once per station per run, so an attempt allocates no tags.
/// </summary>
internal sealed class StationInstruments
{
    private readonly RunState run;
    private readonly StationDescriptor station;
    private readonly string spanName;
    private readonly TagList tags;
    private readonly DurationHistogram durations;
    private ChainSpan? chain;

    // Attempts tagged with a shared box, not a new one each: most are 1.
    private static readonly object[] AttemptTags = [0, 1, 2, 3, 4, 5, 6, 7, 8];

    public StationInstruments(RunState run, StationDescriptor station, DurationHistogram durations)
    {
        this.run = run;
        this.station = station;
        this.durations = durations;
        spanName = TelemetryNames.StationSpan + " " + station.Path;
        tags = new TagList
        {
            { TelemetryNames.Line, run.Line.Name },
            { TelemetryNames.Station, station.Path },
        };
    }

    public StationDescriptor Station => station;

    /// <summary>
    /// Makes this station, fused after <paramref name="previous"/>'s (a plain synchronous station too),
    /// record its attempts in one span with it and the rest of their chain.
    /// </summary>
    public void Follows(StationInstruments previous)
    {
        chain = previous.chain ??= new ChainSpan(previous);
        chain.Add(this);
    }

    /// <summary>True when anyone listens: attempts may then be traced or timed (as of the worker's current take).</summary>
    public bool Active => run.Instrumented;

    /// <summary>
    /// True when every attempt is timed and reported, traced or not: an observer or an instrument listens
    /// (as of the worker's current take). Otherwise only attempts with a span are.
    /// </summary>
    public bool Metered => run.Metered;

    /// <summary>
    /// The attempt's span: none when no one listens to spans or the material's sampler dropped it. In a
    /// chain (<see cref="ChainSpan"/>), the first station starts the span and the others take part in it.
    /// </summary>
    public Activity? StartAttempt<T>(in Material<T> material, int attempt)
    {
        if (chain is not null && !chain.StartsWith(this))
        {
            return chain.Of(material.Id);
        }

        // A chain's span is stopped by its last station, or the one that fails; one left open (the run
        // stopped, or stopped listening, between its stations) is stopped here.
        chain?.Current?.Dispose();
        Activity? span = MaterialTrace.IsUnsampled(material.Trace) || !FactoryTelemetry.Source.HasListeners()
            ? null
            : Start(material, attempt);
        chain?.Started(span, material.Id);
        return span;
    }

    public void EndAttempt(Activity? span, in MaterialInfo material, int attempt, long started, ExecutionOutcome outcome, Exception? failure, StationContext? context = null)
    {
        TimeSpan duration = Stopwatch.GetElapsedTime(started);
        FactoryTelemetry.Duration.Record(duration.TotalSeconds, tags);
        durations.Record(duration);
        if (outcome == ExecutionOutcome.Succeeded)
        {
            FactoryTelemetry.Processed.Add(1, tags);
        }
        else
        {
            FactoryTelemetry.Failed.Add(1, tags);
        }

        if (span is not null)
        {
            End(span, outcome, failure);
        }

        if (run.Observing)
        {
            run.Observers.Executed(new StationExecution(
                station,
                material,
                attempt,
                DateTimeOffset.UtcNow - duration,
                duration,
                outcome,
                failure?.GetType().FullName,
                failure is null ? null : run.Job.Secrets.Redact(failure.Message),
                context?.Model,
                context?.InputTokens ?? 0,
                context?.OutputTokens ?? 0)
            {
                Cost = context?.Cost ?? 0,
            });
        }
    }

    public void Retrying(in MaterialInfo material, int attempt, Exception failure) =>
        run.Telemetry.Retrying(station.Path, material.Id, attempt, failure);

    /// <summary>
    /// Makes <paramref name="material"/> a dead letter of this station: counted, reported to a gather
    /// downstream as missing, measured, and kept (as <paramref name="kept"/>, without sensitive members).
    /// </summary>
    public void DeadLetter<T>(in Material<T> material, object? kept, Exception failure, int attempts, WorkerCounts counts, SplitRegistry? missingTo)
    {
        counts.DeadLettered++;
        missingTo?.Missing(material.ParentId, material.Id);
        FactoryTelemetry.DeadLettered.Add(1, tags);
        run.DeadLetter(DeadLetters.Failed(run.Job, station, material, kept, failure, attempts));
    }

    /// <summary>
    /// Starts the span of an attempt, or of a chain, with what is not in the material's span already: its
    /// run and id are there, so only a split's child (which shares its parent's trace) names itself, and
    /// a material that entered while no one listened (it has no span) names its run too.
    /// </summary>
    private Activity? Start<T>(in Material<T> material, int attempt)
    {
        ActivityContext parent = MaterialTrace.Context(material.Trace);
        Activity? span = FactoryTelemetry.Source.StartActivity(chain?.Name ?? spanName, ActivityKind.Internal, parent);
        if (span is not { IsAllDataRequested: true })
        {
            return span;
        }

        if (chain is null)
        {
            // A chain's stations have one attempt each, and name themselves in the span's name.
            span.SetTag(TelemetryNames.Station, station.Path);
            span.SetTag(TelemetryNames.StationVersion, station.Version);
            span.SetTag(TelemetryNames.Attempt, attempt < AttemptTags.Length ? AttemptTags[attempt] : attempt);
        }

        if (material.Trace is null)
        {
            span.SetTag(TelemetryNames.RunId, run.RunId);
        }

        if (material.Trace is null || material.ParentId != 0)
        {
            span.SetTag(TelemetryNames.MaterialId, material.Id);
        }

        if (material.ParentId != 0)
        {
            span.SetTag(TelemetryNames.ParentId, material.ParentId);
        }

        return span;
    }

    /// <summary>
    /// Ends the attempt's span. A chain's ends when the material leaves the chain: from its last station with
    /// status Ok and no tag (what went well is in its name), or from the one that failed, which it names.
    /// </summary>
    private void End(Activity span, ExecutionOutcome outcome, Exception? failure)
    {
        if (chain is not null)
        {
            if (failure is null && !chain.EndsWith(this))
            {
                return;
            }

            chain.Ended();
            if (failure is null)
            {
                span.SetStatus(ActivityStatusCode.Ok);
                span.Dispose();
                return;
            }

            span.SetTag(TelemetryNames.Station, station.Path);
            span.SetTag(TelemetryNames.StationVersion, station.Version);
        }

        span.SetTag(TelemetryNames.Outcome, Outcome(outcome));
        if (failure is not null)
        {
            span.SetTag(TelemetryNames.ErrorType, failure.GetType().FullName);
            span.SetStatus(ActivityStatusCode.Error, run.Job.Secrets.Redact(failure.Message));
        }

        span.Dispose();
    }

    private static string Outcome(ExecutionOutcome outcome) => outcome switch
    {
        ExecutionOutcome.Succeeded => "succeeded",
        ExecutionOutcome.TimedOut => "timed_out",
        _ => "failed",
    };
}
