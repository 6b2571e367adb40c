using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using Factory.Gates;
using Factory.Telemetry;

namespace Factory.Runtime;

/// <summary>
/// One run of a line, as its parts share it: the line and job order, the run's token (the caller's,
/// the deadline's, and the run's own cancellation), the pause gate, the first infrastructure failure
/// (which ends the run), and the dead letters and discards so far. What happens to a material is
/// told here, and goes on to the parts that care: admission counts the line's content
/// (<see cref="Admission"/>), the observers hear it (<see cref="ObserverHub"/>), telemetry logs it
/// (<see cref="RunTelemetry"/>).
/// </summary>
internal sealed class RunState : IDisposable, IRunControl, Quality.IRunReviews, Quality.IQualityRun
{
    private readonly CancellationTokenSource stop;
    private readonly CancellationTokenSource? deadlineTimer;
    private Exception? fault;

    /// <exception cref="PermissionDeniedException">The job order lacks a permission a station requires.</exception>
    public RunState(LineDescriptor line, RunOptions options, CancellationToken cancellationToken)
    {
        Line = line;
        Job = options.Job ?? new JobOrder();
        RunId = string.IsNullOrWhiteSpace(options.RunId) ? Guid.NewGuid().ToString("N") : options.RunId;
        Observers = new ObserverHub(this, options.Observers);
        Observing = Observers.Any;
        Admission = new Admission(this, Observing);
        AdmitsEverything = Admission.AdmitsEverything;
        CallerToken = cancellationToken;
        RunPermissions.Check(line, Job);
        if (Job.Budget.Deadline is { } deadline)
        {
            TimeSpan left = deadline - DateTimeOffset.UtcNow;
            deadlineTimer = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        stop = deadlineTimer is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlineTimer.Token);
        Token = stop.Token;
        Started = Stopwatch.GetTimestamp();
        Info = new RunInfo(RunId, line, Job, DateTimeOffset.UtcNow) { Control = this, Reviews = this, Keeper = Admission.KeepBoxed };
        Telemetry = new RunTelemetry(line, RunId, Job, options.Logger);
        gates = options.Gates;
        options.Sampling?.CheckStations(line);
        sampling = options.Sampling;
        Effects = options.Effects;
    }

    /// <summary>Stands in for the stations with effects, when the run's options give a recorder.</summary>
    public Experiments.EffectRecorder? Effects { get; }

    private readonly Quality.Sampling? sampling;

    /// <summary>The run's quality control, as its options gave it.</summary>
    public Quality.Sampling? Sampling => sampling;

    // The stations' quality control by path, for reviews recorded while the run is live; filled as the stages are made.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Quality.IStationInspections> samplers = new(StringComparer.Ordinal);

    /// <summary>
    /// The quality control of <paramref name="station"/> in this run (the run's sampling, and the inspectors
    /// the generator wired to it, <paramref name="inspectors"/>), or null when it has none.
    /// </summary>
    public Quality.StationSampler<TIn, TOut>? SamplerFor<TIn, TOut>(StationDescriptor station, Quality.IInspector<TIn, TOut>[]? inspectors = null)
    {
        Quality.StationSampler<TIn, TOut>? sampler = Quality.Sampling.For(sampling, this, station, inspectors);
        if (sampler is not null)
        {
            samplers[station.Path] = sampler;
        }

        return sampler;
    }

    /// <summary>A review recorded while the run is live: the station's andon counts it.</summary>
    public void Reviewed(string station, Quality.InspectionResult result)
    {
        if (samplers.TryGetValue(station, out Quality.IStationInspections? sampler))
        {
            sampler.Reviewed(result);
        }
    }

    /// <summary>An output went to the review queue.</summary>
    public void Sampled(Quality.QualitySample sample) => Observers.Sampled(sample);

    /// <summary>An inspector gave its verdict.</summary>
    public void Inspected(Quality.Inspection inspection) => Observers.Inspected(inspection);

    /// <summary>A station's andon tripped: logged as an error, counted, told to the observers (a ledger audits it), and the line paused when the rule says so.</summary>
    public void AndonTripped(Quality.AndonTrip trip)
    {
        Telemetry.AndonTripped(trip);
        Quality.QualityInstruments.Andon(Line.Name, trip.Station, trip.Rule.Action);
        Observers.AndonTripped(trip);
        if (trip.Rule.Action == Quality.AndonAction.Pause)
        {
            Pause.Pause();
        }
    }

    private IGateStore? gates;

    /// <summary>
    /// Where the run's gates park materials: the options' store, else an observer's (a ledger's), else
    /// one in memory made on first use. Read once the run is <see cref="Starting"/>.
    /// </summary>
    public IGateStore Gates => gates ??= new InMemoryGateStore();

    /// <summary>The store the run's gates will use when one was given (the options', or an observer's), before the run starts; else null.</summary>
    public IGateStore? GivenGates => gates ?? Observers.GateStore();

    /// <summary>The materials still waiting at gates when their gates stopped: the run ends awaiting decision.</summary>
    public SnapshotList<GateItem> AwaitingDecision { get; } = new();

    /// <summary>A material was parked at a gate (the waiting gauge counts it from the gate's station counts).</summary>
    public void GateOpened(in MaterialInfo material, GateItem item)
    {
        Observers.GateOpened(material, item);
    }

    /// <summary>A gate took the decision on a material (a person's or a timeout's) to send it on.</summary>
    public void GateDecided(in MaterialInfo material, GateItem item, GateDecision decision, object? trace)
    {
        Telemetry.GateDecided(item, decision, trace);
        if (decision.ByTimeout)
        {
            Observers.GateTimedOut(material, decision);
        }
        else
        {
            Observers.GateDecided(material, decision);
        }
    }

    public string RunId { get; }

    public RunInfo Info { get; }

    public LineDescriptor Line { get; }

    public JobOrder Job { get; }

    /// <summary>The run's observers, called through one hub that contains their failures.</summary>
    public ObserverHub Observers { get; }

    /// <summary>Which inputs enter the line, and when.</summary>
    public Admission Admission { get; }

    /// <summary>The run's span, traces, gauges and logs.</summary>
    public RunTelemetry Telemetry { get; }

    /// <summary>The run's use of an observer's flight recorder: set at the start, before any worker runs; null without one.</summary>
    public FlightRecording? Flight { get; private set; }

    /// <summary>True when someone listens to every material: stations then time their attempts and report them.</summary>
    public bool Observing { get; }

    /// <summary>
    /// Whether stations time, trace and report their attempts, and entering materials get a span:
    /// observers, or a telemetry listener.
    /// Looked up once per take by the worker that takes (<see cref="RefreshInstrumented"/>), not by
    /// every station for every material: ten fused stations asking the listeners each time cost more
    /// than their work. A listener attached mid-run is seen from the next take on.
    /// </summary>
    public bool Instrumented { get; private set; }

    /// <summary>
    /// True when every attempt is timed and reported: an observer or an instrument listens, not spans
    /// alone (then only the attempts of sampled materials are). Refreshed with <see cref="Instrumented"/>.
    /// </summary>
    public bool Metered { get; private set; }

    /// <summary>
    /// True when no one listens to <paramref name="material"/> (as of the worker's take): no one at all, or
    /// spans alone and its sampler dropped it. Its plain attempts then record nothing, and may take the
    /// fast paths (docs/design.md, "A plain call's fast path").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Unheard<T>(in Material<T> material) => !Instrumented || (!Metered && Factory.Telemetry.MaterialTrace.IsUnsampled(material.Trace));

    /// <summary>Looks again whether anyone listens; returns <see cref="Instrumented"/>.</summary>
    public bool RefreshInstrumented()
    {
        Metered = Observing || FactoryTelemetry.IsMetered;
        return Instrumented = Metered || FactoryTelemetry.Source.HasListeners();
    }

    /// <summary>True when the job order's deadline ended the run.</summary>
    public bool DeadlinePassed => deadlineTimer is { IsCancellationRequested: true } && !CallerToken.IsCancellationRequested;

    public CancellationToken CallerToken { get; }

    /// <summary>Cancelled when the caller cancels, the run is cancelled, or it fails.</summary>
    public CancellationToken Token { get; }

    public PauseGate Pause { get; } = new();

    bool IRunControl.IsPaused => Pause.IsPaused;

    void IRunControl.Pause() => Pause.Pause();

    void IRunControl.Resume() => Pause.Resume();

    void IRunControl.Cancel() => Cancel();

    public SnapshotList<DeadLetter> DeadLetters { get; } = new();

    public SnapshotList<DiscardedMaterial> Discards { get; } = new();

    public long Started { get; }

    public Exception? Fault => Volatile.Read(ref fault);

    /// <summary>The exception stations complete their outputs with: the failure, or cancellation, or none.</summary>
    public Exception? CompletionError =>
        Fault ?? (Token.IsCancellationRequested ? new OperationCanceledException("The run was cancelled.", Token) : null);

    /// <summary>Runs alone the inputs an observer asks to; null without observers (see <see cref="Admission"/>).</summary>
    public SoloAdmission? Solo => Admission.Solo;

    /// <summary>
    /// True when every input enters the line as it is (see <see cref="Admission"/>): a field of the run,
    /// because a caller writing <c>Input</c> asks it for every material.
    /// </summary>
    public bool AdmitsEverything { get; }

    /// <summary>Whether an input enters the line (see <see cref="Admission"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Admit<T>(ref Material<T> material) => Admission.Admit(ref material);

    /// <summary>The next worker of <paramref name="station"/>'s slots in the flight recorder, or null when there is none.</summary>
    public FlightSlots? FlightSlotsFor(StationDescriptor station) => Flight?.SlotsFor(station);

    /// <summary>
    /// A worker of <paramref name="part"/> stopped with <paramref name="exception"/>: quietly when the
    /// run was cancelled or failed elsewhere (its belts closed under it), else the run fails, naming it.
    /// </summary>
    public void Stopped(Exception exception, string part)
    {
        if (Token.IsCancellationRequested && exception is OperationCanceledException or ChannelClosedException)
        {
            return;
        }

        Fail(new InvalidOperationException($"{part} stopped unexpectedly: {exception.Message}", exception));
    }

    /// <summary>
    /// What a station's attempt threw once the run was cancelled, as the cancellation it is: a station
    /// may turn its token's cancellation into another exception, or fail later without looking at its
    /// token. Its worker then stops quietly; the material is neither retried nor dead-lettered.
    /// </summary>
    public OperationCanceledException Cancellation(Exception thrown) =>
        new("The run was cancelled.", thrown, Token);

    /// <summary>Ends the run with <paramref name="exception"/>; the first failure wins.</summary>
    public void Fail(Exception exception)
    {
        Interlocked.CompareExchange(ref fault, exception, null);
        Cancel();
    }

    public void Cancel()
    {
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run already ended.
        }
    }

    /// <summary>A material in the line failed: it becomes a dead letter, and has left the line.</summary>
    public void DeadLetter(DeadLetter letter)
    {
        Admission.Solo?.Left();
        Record(letter);
    }

    /// <summary>An input refused at the entry becomes a dead letter: it never was in the line.</summary>
    public void RefusedAtEntry(DeadLetter letter) => Record(letter);

    /// <summary>A route discarded a material: it has left the line.</summary>
    public void Discard(DiscardedMaterial material)
    {
        Admission.Solo?.Left();
        Discards.Add(material);
        Observers.Discarded(material);
    }

    /// <summary>A one-in-many-out station gave <paramref name="children"/> materials for <paramref name="parent"/>.</summary>
    public void SplitDone(in MaterialInfo parent, StationDescriptor station, int children)
    {
        Admission.Solo?.Split(station, children);
        Observers.Split(parent, station, children);
    }

    /// <summary>The <paramref name="arrived"/> children of <paramref name="parent"/> at a gather became one material.</summary>
    public void GatheredGroup(in MaterialInfo parent, int arrived)
    {
        Admission.Solo?.Gathered(arrived);
        Observers.Gathered(parent, arrived);
    }

    /// <summary>The consumer is done with an output.</summary>
    public void Delivered(in MaterialInfo material) => Observers.Delivered(material);

    /// <summary>Tells the observers the run is starting (any of them may refuse it by throwing), opens its span and logs it.</summary>
    public void Starting(IReadOnlyList<StationStatus> stations)
    {
        Observers.RunStarting(Info);
        gates ??= Observers.GateStore();
        if (Observers.FlightRecorder() is { } recorder)
        {
            Flight = new FlightRecording(recorder, Line);
        }

        RefreshInstrumented();
        Telemetry.Started(stations);
        foreach (StationDescriptor station in Line.Stations)
        {
            if (station.Gate is not null && !Gates.IsDurable)
            {
                Telemetry.GateNotDurable(station.Path, Gates.GetType().Name);
            }
        }
    }

    public void Ended(LineReport? report, Exception? fault)
    {
        Telemetry.Ended(report, fault);
        Observers.RunEnded(Info, report, fault);
    }

    public void Dispose()
    {
        stop.Dispose();
        deadlineTimer?.Dispose();
    }

    private void Record(DeadLetter letter)
    {
        DeadLetters.Add(letter);
        Telemetry.DeadLettered(letter);
        Observers.DeadLettered(letter);
    }
}
