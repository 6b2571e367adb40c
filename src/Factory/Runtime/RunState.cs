using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
using Factory.Telemetry;
using Microsoft.Extensions.Logging;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// What the stations of one run share: the job order, the run's token, the pause gate, the dead
/// letters, material ids, and the first infrastructure failure (which ends the run).
/// </summary>
internal sealed class RunState : IDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly CancellationTokenSource? deadlineTimer;
    private readonly List<IStationStage> stages = [];
    private readonly List<IStage> helpers = [];
    private readonly List<IReportsMissing> sinceLastSplit = [];
    private readonly HashSet<string> gatheredSplits = new(StringComparer.Ordinal);
    private ISplitSource? lastSplit;
    private int[]? flightWorkers;
    private int nextStation;
    private Exception? fault;

    public RunState(LineDescriptor line, RunOptions options, CancellationToken cancellationToken)
    {
        Line = line;
        Job = options.Job ?? new JobOrder();
        RunId = string.IsNullOrWhiteSpace(options.RunId) ? Guid.NewGuid().ToString("N") : options.RunId;
        Observers = [.. options.Observers];
        Observing = Observers.Length > 0;
        Solo = Observing ? new SoloAdmission(this) : null;
        CallerToken = cancellationToken;
        CheckPermissions();
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
        Info = new RunInfo(RunId, line, Job, DateTimeOffset.UtcNow);
        Logger = options.Logger;
    }

    public ILogger? Logger { get; }

    /// <summary>The run's span, when tracing is on.</summary>
    public Activity? Span { get; private set; }

    public string RunId { get; }

    public RunInfo Info { get; }

    public RunObserver[] Observers { get; }

    /// <summary>True when someone listens to every material: stations then time their attempts and report them.</summary>
    public bool Observing { get; }

    /// <summary>Runs alone the inputs an observer asks to (<see cref="RunObserver.RunsAlone"/>); null without observers.</summary>
    public SoloAdmission? Solo { get; }

    /// <summary>The run's black box, when an observer keeps one: set at the start, before any worker runs.</summary>
    public FlightRecorder? Flight { get; private set; }

    /// <summary>
    /// Whether stations time, trace and report their attempts, and entering materials get a span:
    /// observers, or a telemetry listener.
    /// Looked up once per take by the worker that takes (<see cref="RefreshInstrumented"/>), not by
    /// every station for every material: ten fused stations asking the listeners each time cost more
    /// than their work. A listener attached mid-run is seen from the next take on.
    /// </summary>
    public bool Instrumented { get; private set; }

    /// <summary>Looks again whether anyone listens; returns <see cref="Instrumented"/>.</summary>
    public bool RefreshInstrumented() => Instrumented = Observing || FactoryTelemetry.IsListening;

    /// <summary>True when the job order's deadline ended the run.</summary>
    public bool DeadlinePassed => deadlineTimer is { IsCancellationRequested: true } && !CallerToken.IsCancellationRequested;

    public LineDescriptor Line { get; }

    public JobOrder Job { get; }

    public CancellationToken CallerToken { get; }

    /// <summary>Cancelled when the caller cancels, the run is cancelled, or it fails.</summary>
    public CancellationToken Token { get; }

    public PauseGate Pause { get; } = new();

    public SnapshotList<DeadLetter> DeadLetters { get; } = new();

    public SnapshotList<DiscardedMaterial> Discards { get; } = new();

    public long Started { get; }

    public IReadOnlyList<IStationStage> Stages => stages;

    public Exception? Fault => Volatile.Read(ref fault);

    /// <summary>The exception stations complete their outputs with: the failure, or cancellation, or none.</summary>
    public Exception? CompletionError =>
        Fault ?? (Token.IsCancellationRequested ? new OperationCanceledException("The run was cancelled.", Token) : null);

    /// <summary>The descriptor of the next station to wire; stations are wired in descriptor order.</summary>
    public StationDescriptor NextStation()
    {
        if (nextStation >= Line.Stations.Count)
        {
            throw new InvalidOperationException(
                $"Line '{Line.Name}' wired more stations than its descriptor lists ({Line.Stations.Count}). Rebuild the project so the generated code matches.");
        }

        return Line.Stations[nextStation++];
    }

    public void Add(IStationStage stage) => stages.Add(stage);

    /// <summary>Adds a part that is not a station (a router): it runs, but has no station counts.</summary>
    public void AddHelper(IStage stage) => helpers.Add(stage);

    /// <summary>Notes a wired part for gathering: a split starts a new span, anything else joins the current one.</summary>
    public void Wired(object part)
    {
        if (part is ISplitSource split && part is IStationStage { Status.Station.Splits: true })
        {
            lastSplit = split;
            sinceLastSplit.Clear();
        }
        else if (part is IReportsMissing between)
        {
            sinceLastSplit.Add(between);
        }
    }

    /// <summary>Links the nearest split upstream, and every part since, to a new gather.</summary>
    public SplitRegistry StartGather()
    {
        if (lastSplit is null)
        {
            throw new InvalidOperationException(
                $"Line '{Line.Name}' gathers with no one-in-many-out station before it. Rebuild the project: the analyzers report this at build time.");
        }

        var registry = new SplitRegistry();
        lastSplit.Expecting = registry;
        if (lastSplit is IStationStage split)
        {
            gatheredSplits.Add(split.Status.Station.Path);
        }

        foreach (IReportsMissing between in sinceLastSplit)
        {
            between.MissingTo = registry;
        }

        lastSplit = null;
        sinceLastSplit.Clear();
        return registry;
    }

    /// <summary>The last station wired so far: the one whose output a router takes.</summary>
    public StationDescriptor LastWired => Line.Stations[nextStation - 1];

    /// <summary>
    /// Closes <paramref name="belt"/> when the run stops, which wakes every worker waiting on it, so
    /// workers wait without cancellation tokens and reuse their waiters.
    /// </summary>
    public void CloseOnStop<T>(Belt<T> belt) =>
        Token.Register(static state => ((Belt<T>)state!).TryComplete(), belt);

    /// <summary>
    /// Closes the line's exit when the run stops, with the run's error (or its cancellation), as the
    /// last station would: a last worker waiting for room that no consumer will make (a caller who left
    /// a <c>RunAsync</c> loop early) is woken and ends. Outputs already on the exit can still be read.
    /// </summary>
    public void CloseExitOnStop<T>(Belt<T> exit)
    {
        Solo?.WatchExit(exit);
        Token.Register(static state =>
        {
            var (run, belt) = ((RunState, Belt<T>))state!;
            belt.TryComplete(run.CompletionError);
        }, (this, exit));
    }

    public void CheckAllWired()
    {
        if (nextStation != Line.Stations.Count)
        {
            throw new InvalidOperationException(
                $"Line '{Line.Name}' wired {nextStation} of the {Line.Stations.Count} stations its descriptor lists. Rebuild the project so the generated code matches.");
        }
    }

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
        Solo?.Add(-1);
        Report(letter);
    }

    /// <summary>Records and reports a dead letter (an input refused at the entry never was in the line).</summary>
    private void Report(DeadLetter letter)
    {
        DeadLetters.Add(letter);
        if (Logger is not null)
        {
            FactoryLog.DeadLettered(Logger, letter.MaterialId, letter.Station, letter.StationVersion, letter.Attempts, letter.ExceptionType, letter.Message);
        }

        foreach (RunObserver observer in Observers)
        {
            try
            {
                observer.DeadLettered(letter);
            }
            catch (Exception exception)
            {
                ObserverFailed(observer, exception);
            }
        }
    }

    public void Discard(DiscardedMaterial material)
    {
        Solo?.Add(-1);
        Discards.Add(material);
        foreach (RunObserver observer in Observers)
        {
            try
            {
                observer.Discarded(material);
            }
            catch (Exception exception)
            {
                ObserverFailed(observer, exception);
            }
        }
    }

    public void Executed(in StationExecution execution)
    {
        foreach (RunObserver observer in Observers)
        {
            try
            {
                observer.Executed(execution);
            }
            catch (Exception exception)
            {
                ObserverFailed(observer, exception);
            }
        }
    }

    public void SplitDone(in MaterialInfo parent, StationDescriptor station, int children)
    {
        // The parent makes way for its children; a gather after the split owes one group for it.
        Solo?.Add(children - 1 + (gatheredSplits.Contains(station.Path) ? 1 : 0));
        foreach (RunObserver observer in Observers)
        {
            try
            {
                observer.Split(parent, station, children);
            }
            catch (Exception exception)
            {
                ObserverFailed(observer, exception);
            }
        }
    }

    public void Delivered(in MaterialInfo material)
    {
        foreach (RunObserver observer in Observers)
        {
            try
            {
                observer.Delivered(material);
            }
            catch (Exception exception)
            {
                ObserverFailed(observer, exception);
            }
        }
    }

    /// <summary>
    /// True when every input enters the line as it is: no observer may know it done (a resume) or hear
    /// it enter, and no material budget may refuse it. Fixed for the run.
    /// </summary>
    public bool AdmitsEverything => Observers.Length == 0 && Job.Budget.MaxMaterials is null;

    /// <summary>
    /// Whether an input enters the line: not when it already has an
    /// outcome (a resumed run), and not past the job order's material budget (it becomes a dead letter).
    /// </summary>
    public bool Admit<T>(ref Material<T> material)
    {
        foreach (RunObserver observer in Observers)
        {
            if (observer.IsDone(material.Sequence))
            {
                return false;
            }
        }

        if (Refusal(material.Sequence) is { } refusal)
        {
            Report(Runtime.DeadLetters.Refused(material, refusal));
            return false;
        }

        if (Job.Budget.MaxMaterials is { } most && material.Sequence >= most)
        {
            string reason = $"budget exhausted: job '{Job.Id}' may put {most} materials into line '{Line.Name}'";
            foreach (RunObserver observer in Observers)
            {
                try
            {
                observer.Refused(MaterialInfo.Of(material), reason);
            }
            catch (Exception exception)
            {
                ObserverFailed(observer, exception);
            }
            }

            if (Logger is not null)
            {
                FactoryLog.BudgetExhausted(Logger, Job.Id, reason);
            }

            Report(Runtime.DeadLetters.OverBudget(material, reason));
            return false;
        }

        Solo?.Entered(material.Sequence);

        foreach (RunObserver observer in Observers)
        {
            try
            {
                observer.Entered(MaterialInfo.Of(material), material.Value);
            }
            catch (Exception exception)
            {
                ObserverFailed(observer, exception);
            }
        }

        // Asking the listeners costs more than the rest of admitting: the flag workers refresh per take.
        if (Instrumented && RunSpan.Enter(this, material) is { } trace)
        {
            material = material with { Trace = trace };
        }

        return true;
    }

    public void GatheredGroup(in MaterialInfo parent, int arrived)
    {
        // The children become the one group the split owed.
        Solo?.Add(-arrived);
        foreach (RunObserver observer in Observers)
        {
            try
            {
                observer.Gathered(parent, arrived);
            }
            catch (Exception exception)
            {
                ObserverFailed(observer, exception);
            }
        }
    }

    /// <summary>Tells the observers the run is starting (any of them may refuse it by throwing), opens its span and logs it.</summary>
    public void Starting()
    {
        foreach (RunObserver observer in Observers)
        {
            observer.RunStarting(Info);
        }

        foreach (RunObserver observer in Observers)
        {
            if (observer.FlightRecorder is { } recorder)
            {
                Flight = recorder;
                flightWorkers = new int[Line.Stations.Count];
                break;
            }
        }

        Span = RunSpan.Start(this);
        RefreshInstrumented();
        FactoryTelemetry.Track(this);
        if (Logger is not null)
        {
            FactoryLog.RunStarted(Logger, RunId, Line.Name, Job.Id, Job.Tenant);
        }
    }

    public void Ended(LineReport? report, Exception? fault)
    {
        FactoryTelemetry.Forget(this);
        RunSpan.End(Span, report, fault, Job);
        if (Logger is not null)
        {
            if (report is not null)
            {
                FactoryLog.RunEnded(Logger, RunId, Line.Name, report.Outcome, report.In, report.Out, report.DeadLettered, report.Discarded, (long)report.Duration.TotalMilliseconds);
            }
            else if (fault is not null)
            {
                FactoryLog.RunFailed(Logger, RunId, Line.Name, fault.GetType().FullName ?? fault.GetType().Name, FactoryLog.Redacted(Job, fault));
            }
        }

        foreach (RunObserver observer in Observers)
        {
            observer.RunEnded(Info, report, fault);
        }
    }

    /// <summary>True when an observer asks the input at <paramref name="sequence"/> to run alone.</summary>
    public bool RunsAlone(long sequence)
    {
        foreach (RunObserver observer in Observers)
        {
            if (observer.RunsAlone(sequence))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The next worker of <paramref name="station"/>'s slots in the flight recorder, or null when there is none.</summary>
    public FlightSlots? FlightSlotsFor(StationDescriptor station)
    {
        if (Flight is not { } recorder || flightWorkers is null)
        {
            return null;
        }

        int index = 0;
        while (!ReferenceEquals(Line.Stations[index], station))
        {
            index++;
        }

        int worker = Interlocked.Increment(ref flightWorkers[index]) - 1;
        int width = FlightRecorder.Width(station);
        return worker < station.Options.Parallelism
            ? new FlightSlots(recorder, FlightRecorder.FirstSlot(Line, index) + (worker * width), width, index)
            : null;
    }

    private EntryRefusal? Refusal(long sequence)
    {
        foreach (RunObserver observer in Observers)
        {
            if (observer.Refuses(sequence) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>
    /// An observer that throws must not pass for a station failure (it is called inside the station's
    /// attempt): the run fails, naming the observer, because what it records can no longer be trusted.
    /// </summary>
    private void ObserverFailed(RunObserver observer, Exception exception) =>
        Fail(new InvalidOperationException($"Observer {observer.GetType().FullName} failed: {exception.Message}", exception));

    private void CheckPermissions()
    {
        foreach (StationDescriptor station in Line.Stations)
        {
            foreach (string permission in station.Requires)
            {
                if (!Job.Grants(permission))
                {
                    throw new PermissionDeniedException(Job.Id, station.Path, permission);
                }
            }
        }
    }

    public Task StartAll()
    {
        var running = new List<Task>(stages.Count + helpers.Count);
        foreach (IStationStage stage in stages)
        {
            running.Add(stage.Start());
        }

        foreach (IStage helper in helpers)
        {
            running.Add(helper.Start());
        }

        return Task.WhenAll(running);
    }

    public void Dispose()
    {
        stop.Dispose();
        deadlineTimer?.Dispose();
    }
}
