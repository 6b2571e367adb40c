using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Factory.Runtime;

/// <summary>
/// One run as a worker that processes some of its materials sees it: the job order (with the secrets
/// the worker resolved itself: they never travel), how materials are serialized, and the observers that
/// record what the worker does (a ledger joined to the run). One per worker and run.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RemoteScope : Quality.IQualityRun
{
    private readonly IReadOnlyList<RunObserver> observers;

    // Each hosted station's quality control in this run, made on its first material (null: it has none).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Quality.IStationInspections?> samplers = new(StringComparer.Ordinal);
    private readonly string? samplingTerms;
    private readonly Quality.Sampling? sampling;

    /// <summary>A worker's view of run <paramref name="runId"/> of <paramref name="line"/>.</summary>
    public RemoteScope(LineDescriptor line, string runId, JobOrder job, JsonSerializerContext json, IReadOnlyList<RunObserver> observers)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(observers);
        Json = json;
        Job = job;
        this.observers = observers;
        Info = new RunInfo(runId, line, job, DateTimeOffset.UtcNow);
    }

    /// <summary>The run, as its observers hear of it.</summary>
    public RunInfo Info { get; }

    /// <summary>The job order.</summary>
    public JobOrder Job { get; }

    /// <summary>The serializers of the line's material types.</summary>
    public JsonSerializerContext Json { get; }

    /// <summary>
    /// The run's quality sampling as its caller sent it (<see cref="SamplingTerms"/>'s text), or null: the
    /// worker samples the same outputs the run would in process, into its observers (the shared ledger's review queue).
    /// </summary>
    /// <exception cref="FormatException">The text is not Factory's.</exception>
    public string? Sampling
    {
        get => samplingTerms;
        init
        {
            samplingTerms = value;
            sampling = value is null ? null : Runtime.SamplingTerms.Read(value);
        }
    }

    LineDescriptor Quality.IQualityRun.Line => Info.Line;

    /// <summary>The quality control of <paramref name="station"/> in this run, or null when it has none (one per station and run).</summary>
    internal Quality.StationSampler<TIn, TOut>? SamplerFor<TIn, TOut>(StationDescriptor station)
    {
        if (sampling is not { } rules)
        {
            return null;
        }

        return (Quality.StationSampler<TIn, TOut>?)samplers.GetOrAdd(station.Path, static (_, state) => Quality.Sampling.For<TIn, TOut>(state.rules, state.self, state.station, wired: null), (self: this, rules, station));
    }

    void Quality.IQualityRun.Sampled(Quality.QualitySample sample)
    {
        foreach (RunObserver observer in observers)
        {
            observer.Sampled(sample);
        }
    }

    void Quality.IQualityRun.Inspected(Quality.Inspection inspection)
    {
        foreach (RunObserver observer in observers)
        {
            observer.Inspected(inspection);
        }
    }

    void Quality.IQualityRun.AndonTripped(Quality.AndonTrip trip)
    {
        // No andon travels to a worker (SamplingTerms refuses one); told to the observers should one trip all the same.
        foreach (RunObserver observer in observers)
        {
            observer.AndonTripped(trip);
        }
    }

    /// <summary>Where the run's gates park materials: the gate store of the worker's ledger, or null without one.</summary>
    public Gates.IGateStore? Gates
    {
        get
        {
            foreach (RunObserver observer in observers)
            {
                if (observer.GateStore is { } store)
                {
                    return store;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// What a dead letter or a discard sent to the run's exit keeps of its material (its input, or its value
    /// as kept, without <c>[Sensitive]</c> members): JSON by the run's context, which the caller reads back as a
    /// <see cref="System.Text.Json.JsonElement"/>; empty when there is none or the context does not list its type.
    /// </summary>
    public ReadOnlyMemory<byte> Kept(object? value) =>
        value is not null && Json.GetTypeInfo(value.GetType()) is { } info
            ? System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, info)
            : ReadOnlyMemory<byte>.Empty;

    /// <summary>Tells the observers the worker starts on the run (a joining ledger checks the run exists, is running, and is this line's and tenant's).</summary>
    public void Start()
    {
        foreach (RunObserver observer in observers)
        {
            observer.RunStarting(Info);
        }
    }

    /// <summary>
    /// Records what the attempts on one material did: each attempt, and the dead letters (the station's,
    /// or of outputs no route took). Splits and discards are the caller's run's to record. Called once the
    /// outputs are safely on, so a record of success means the outputs were sent.
    /// </summary>
    public void Record(StationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        foreach (RunObserver observer in observers)
        {
            foreach (StationExecution execution in outcome.Executions)
            {
                observer.Executed(execution);
            }

            if (outcome.DeadLetter is { } letter)
            {
                observer.DeadLettered(letter);
            }

            foreach (DeadLetter routeLetter in outcome.RouteLetters)
            {
                observer.DeadLettered(routeLetter);
            }
        }
    }
}
