using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A run being assembled, as the <see cref="Conveyor{T}"/> sees it: the stations wired in descriptor
/// order, the parts that are not stations (routers, gathers), the links from each gather to the split
/// before it, and the belts to close when the run stops. Used while wiring, and to start the parts.
/// </summary>
internal sealed class LineWiring
{
    private readonly RunState? run;
    private readonly LineDescriptor line;
    private readonly List<IStationStage> stages = [];
    private readonly List<IStage> helpers = [];
    private readonly List<IReportsMissing> sinceLastSplit = [];
    private ISplitSource? lastSplit;
    private int nextStation;

    /// <summary>Wires a run in process, or (with <see cref="Plan"/>) one whose stations a transport runs elsewhere.</summary>
    public LineWiring(RunState run)
    {
        this.run = run;
        line = run.Line;
    }

    /// <summary>Wires the line into <paramref name="plan"/> only: no run, nothing starts (<see cref="LinePlan.Of{TIn, TOut}"/>).</summary>
    public LineWiring(LineDescriptor line, LinePlan plan)
    {
        this.line = line;
        Plan = plan;
    }

    /// <summary>True when the parts belong to a run (not to a plan alone).</summary>
    public bool Runs => run is not null;

    /// <summary>The run the parts belong to.</summary>
    public RunState Run => run ?? throw new InvalidOperationException($"Line '{line.Name}' is being wired into a plan, not run.");

    /// <summary>
    /// Where the stations go when they run elsewhere (a <see cref="LineTransport"/>'s run, or a plan
    /// alone): each station's call is kept in the plan instead of being wired to belts. Null in process.
    /// </summary>
    public LinePlan? Plan { get; init; }

    /// <summary>The transport the stations of <see cref="Plan"/> run on; a <see cref="PlanCapture"/> for a plan alone.</summary>
    public LineTransport? Transport { get; init; }

    /// <summary>
    /// The error for a part of the line that cannot run on a transport yet, at the start of the run
    /// rather than part way through it.
    /// </summary>
    public NotSupportedException NotDistributed(string part) =>
        new($"Line '{line.Name}' runs on a transport, but {part} does not run distributed yet: run the line in process (no RunOptions.Transport).");

    /// <summary>The descriptor of the next station to wire; stations are wired in descriptor order.</summary>
    public StationDescriptor NextStation()
    {
        if (nextStation >= line.Stations.Count)
        {
            throw new InvalidOperationException(
                $"Line '{line.Name}' wired more stations than its descriptor lists ({line.Stations.Count}). Rebuild the project so the generated code matches.");
        }

        return line.Stations[nextStation++];
    }

    /// <summary>The last station wired so far: the one whose output a router takes.</summary>
    public StationDescriptor LastWired => line.Stations[nextStation - 1];

    /// <summary>Adds a station: it runs, has live counts, and joins the current split's span for gathering.</summary>
    public void Add(IStationStage stage)
    {
        stages.Add(stage);
        Wired(stage);
    }

    /// <summary>Adds a part that is not a station (a router, a gather): it runs, but has no station counts.</summary>
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
                $"Line '{line.Name}' gathers with no one-in-many-out station before it. Rebuild the project: the analyzers report this at build time.");
        }

        var registry = new SplitRegistry();
        lastSplit.Expecting = registry;
        if (lastSplit is IStationStage split)
        {
            Run.Admission.Solo?.GatheredAfter(split.Status.Station.Path);
        }

        foreach (IReportsMissing between in sinceLastSplit)
        {
            between.MissingTo = registry;
        }

        lastSplit = null;
        sinceLastSplit.Clear();
        return registry;
    }

    /// <summary>
    /// A belt into the next part, fed by <paramref name="producer"/>. It closes when the run stops, which
    /// wakes every worker waiting on it, so workers wait without cancellation tokens and reuse their waiters.
    /// </summary>
    public Belt<T> BeltFrom<T>(IProducer<T> producer, int capacity)
    {
        var belt = new Belt<T>(capacity);
        producer.Connect(belt);
        Run.Token.Register(static state => ((Belt<T>)state!).TryComplete(), belt);
        return belt;
    }

    /// <summary>
    /// The line's exit, fed by <paramref name="producer"/>. It closes when the run stops, with the run's
    /// error (or its cancellation), as the last station would: a last worker waiting for room that no
    /// consumer will make (a caller who left a <c>RunAsync</c> loop early) is woken and ends. Outputs
    /// already on the exit can still be read.
    /// </summary>
    public Belt<T> Exit<T>(IProducer<T> producer)
    {
        var exit = new Belt<T>(line.Stations[^1].Options.Capacity) { IsExit = true };
        producer.Connect(exit);
        Run.Admission.Solo?.WatchExit(exit);
        Run.Token.Register(static state =>
        {
            var (run, belt) = ((RunState, Belt<T>))state!;
            belt.TryComplete(run.CompletionError);
        }, (Run, exit));
        return exit;
    }

    public void CheckAllWired()
    {
        if (nextStation != line.Stations.Count)
        {
            throw new InvalidOperationException(
                $"Line '{line.Name}' wired {nextStation} of the {line.Stations.Count} stations its descriptor lists. Rebuild the project so the generated code matches.");
        }
    }

    /// <summary>The live counts of the stations, in run order.</summary>
    public StationStatus[] Statuses()
    {
        var statuses = new StationStatus[stages.Count];
        for (int i = 0; i < statuses.Length; i++)
        {
            statuses[i] = stages[i].Status;
        }

        return statuses;
    }

    /// <summary>Starts every part; the task ends when all of them have.</summary>
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
}
