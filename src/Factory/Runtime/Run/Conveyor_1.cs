using System;
using System.ComponentModel;

namespace Factory.Runtime;

/// <summary>
/// The open end of a line being assembled: materials of <typeparamref name="T"/> come out here.
/// Generated code adds stations with <see cref="Then{TOut, TWork}(TWork)"/> and closes the line with
/// <see cref="Finish{TIn}"/>. Nested lines extend the same conveyor, so their stations run inline.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Conveyor<T>
{
    private readonly LineWiring wiring;
    private readonly IProducer<T> producer;

    internal Conveyor(LineWiring wiring, IProducer<T> producer)
    {
        this.wiring = wiring;
        this.producer = producer;
    }

    internal IProducer<T> Producer => producer;

    /// <summary>Routes this conveyor's materials by run-time type; the branches merge into <typeparamref name="TMerge"/>.</summary>
    public Router<T, TMerge> Route<TMerge, TSwitch>(TSwitch routes, int routeCount)
        where TSwitch : struct, IRouteSwitch<T>
    {
        if (wiring.Plan is not null)
        {
            return PlannedRoute<TMerge, TSwitch>(routes, routeCount);
        }

        RunState run = wiring.Run;
        KeepsAtEntry(value => routes.Redact(value));
        var sorter = new RouteSorter<T, TSwitch>(run, wiring.LastWired, routes, routeCount);
        if (producer is IFusable<T> { CanFuse: true } previous)
        {
            // Choosing a route is a type switch: the single worker of the routed station runs it, no hop.
            var fused = new FusedRouter<T, TSwitch>(sorter);
            previous.Fuse(fused);
            wiring.Wired(fused);
        }
        else
        {
            var stage = new RouterStage<T, TSwitch>(run, sorter, wiring.BeltFrom(producer, StationDefaults.Capacity));
            wiring.AddHelper(stage);
            wiring.Wired(stage);
        }

        return new Router<T, TMerge>(wiring, sorter.SetBranch, sorter.WhenDone);
    }

    /// <summary>Puts the next station of the line after this conveyor.</summary>
    public Conveyor<TOut> Then<TOut, TWork>(TWork work)
        where TWork : struct, IStationWork<T, TOut> =>
        Then<TOut, TWork>(work, null);

    /// <summary>
    /// Puts the next station of the line after this conveyor, with the inspectors the generator wired to it
    /// (<c>[Inspector&lt;TStation&gt;]</c>): they see each of its outputs in every run, besides the run's own sampling.
    /// </summary>
    public Conveyor<TOut> Then<TOut, TWork>(TWork work, Quality.IInspector<T, TOut>[]? inspectors)
        where TWork : struct, IStationWork<T, TOut>
    {
        StationDescriptor station = wiring.NextStation();
        KeepsAtEntry(value => work.Redact(value));
        if (station.Effects.Count > 0 && wiring.Runs && wiring.Run.Effects is { } recorder)
        {
            if (wiring.Plan is not null)
            {
                throw wiring.NotDistributed($"station '{station.Path}' stood in for by an effect recorder");
            }

            var standIn = new StandInWork<T, TOut>(wiring.Run.RunId, recorder, recorder.OutputFor<T, TOut>(station), value => work.Redact(value), output => work.RedactOutput(output));
            return Wire<TOut, StandInWork<T, TOut>>(station, standIn, inspectors);
        }

        if (wiring.Plan is { } plan)
        {
            if (inspectors is { Length: > 0 })
            {
                throw wiring.NotDistributed($"the inspectors wired to station '{station.Path}' ([Inspector<{station.Name}>])");
            }

            return Planned<TOut, TWork>(plan, station, work);
        }

        return Wire<TOut, TWork>(station, work, inspectors);
    }

    /// <summary>Runs <paramref name="work"/> as <paramref name="station"/> in this process: fused into the worker before it when it can be, else on its own workers.</summary>
    private Conveyor<TOut> Wire<TOut, TWork>(StationDescriptor station, TWork work, Quality.IInspector<T, TOut>[]? inspectors)
        where TWork : struct, IStationWork<T, TOut>
    {
        if (producer is IFusable<T> { CanFuse: true } previous && FusedStation<T, TOut, TWork>.CanRunFused(station))
        {
            // A plain synchronous station after a single-worker one runs in that worker: no belt, no hop.
            var fusedStation = new FusedStation<T, TOut, TWork>(wiring.Run, station, work, inspectors, previous.ChainsWith);
            previous.Fuse(fusedStation);
            wiring.Add(fusedStation);
            return new Conveyor<TOut>(wiring, fusedStation);
        }

        var stage = new StationStage<T, TOut, TWork>(wiring.Run, station, work, wiring.BeltFrom(producer, station.Options.Capacity), inspectors);
        wiring.Add(stage);
        return new Conveyor<TOut>(wiring, stage);
    }

    /// <summary>Puts the next batch station of the line after this conveyor.</summary>
    public Conveyor<TOut> ThenBatch<TOut, TWork>(TWork work)
        where TWork : struct, IBatchWork<T, TOut> =>
        ThenBatch<TOut, TWork>(work, null);

    /// <summary>Puts the next batch station of the line after this conveyor, with the inspectors the generator wired to it.</summary>
    public Conveyor<TOut> ThenBatch<TOut, TWork>(TWork work, Quality.IInspector<T, TOut>[]? inspectors)
        where TWork : struct, IBatchWork<T, TOut>
    {
        StationDescriptor station = wiring.NextStation();
        KeepsAtEntry(value => work.Redact(value));
        if (station.Effects.Count > 0 && wiring.Runs && wiring.Run.Effects is not null)
        {
            throw new ArgumentException($"Batch station '{station.Path}' has effects ({string.Join(", ", station.Effects)}); an effect recorder cannot stand in for a batch station yet: run the line without RunOptions.Effects, or without that station.");
        }

        if (wiring.Plan is { } plan)
        {
            var planned = new BatchPlan<T, TOut, TWork>(station, plan.Stations.Count, work);
            GoesTo(new QueueHop<T>(planned.Index));
            plan.Add(planned);
            return new Conveyor<TOut>(wiring, planned);
        }

        var stage = new BatchStage<T, TOut, TWork>(wiring.Run, station, work, wiring.BeltFrom(producer, station.Options.Capacity), inspectors);
        wiring.Add(stage);
        return new Conveyor<TOut>(wiring, stage);
    }

    /// <summary>Puts a gate after this conveyor: materials wait in the run's gate store for a decision.</summary>
    public Conveyor<Decision<T>> ThenGate<TWork>(TWork work)
        where TWork : struct, IGateWork<T>
    {
        StationDescriptor station = wiring.NextStation();
        KeepsAtEntry(value => work.Redact(value));
        if (wiring.Plan is { } plan)
        {
            // Parked by a worker in the shared ledger; the caller's run sends each decided material on.
            var planned = new GatePlan<T, TWork>(station, plan.Stations.Count, work);
            GoesTo(new QueueHop<T>(planned.Index));
            plan.Add(planned);
            return new Conveyor<Decision<T>>(wiring, planned);
        }

        var stage = new GateStage<T, TWork>(wiring.Run, station, work, wiring.BeltFrom(producer, station.Options.Capacity));
        wiring.Add(stage);
        return new Conveyor<Decision<T>>(wiring, stage);
    }

    /// <summary>Gathers the children of the nearest split upstream, one group per parent, for a station taking <c>Gathered&lt;T&gt;</c>.</summary>
    public Conveyor<Gathered<T>> Gather()
    {
        if (wiring.Plan is { } plan)
        {
            return PlannedGather(plan);
        }

        SplitRegistry registry = wiring.StartGather();
        var stage = new GatherStage<T>(wiring.Run, wiring.BeltFrom(producer, StationDefaults.Capacity), registry);
        wiring.AddHelper(stage);
        return new Conveyor<Gathered<T>>(wiring, stage);
    }

    /// <summary>Closes the line: starts every station and returns the run.</summary>
    public LineRun<TIn, T> Finish<TIn>(Conveyor<TIn> entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!ReferenceEquals(entry.wiring, wiring) || entry.producer is not EntryProducer<TIn> start)
        {
            throw new ArgumentException("The entry conveyor does not belong to this line run.", nameof(entry));
        }

        wiring.CheckAllWired();
        if (wiring.Plan is { } plan)
        {
            GoesTo(new QueueHop<T>(station: null));
            return RemoteLink<TIn, T>.Open(wiring, plan, start);
        }

        Belt<T> exit = wiring.Exit(producer);
        StationStatus[] stations = wiring.Statuses();
        wiring.Run.Starting(stations);
        return new LineRun<TIn, T>(wiring.Run, start.Entry!, exit, stations, wiring.StartAll());
    }

    /// <summary>
    /// Keeps the station's call in the plan of a run whose stations run elsewhere; nothing is wired to
    /// belts. What comes out before it (a station, a route's branch, merged branches) goes to its queue.
    /// </summary>
    private Conveyor<TOut> Planned<TOut, TWork>(LinePlan plan, StationDescriptor station, TWork work)
        where TWork : struct, IStationWork<T, TOut>
    {
        var planned = new StationPlan<T, TOut, TWork>(station, plan.Stations.Count, work);
        GoesTo(new QueueHop<T>(planned.Index));
        plan.Add(planned);
        return new Conveyor<TOut>(wiring, planned);
    }

    /// <summary>The routes in the plan: the routed station's worker sends each output down its branch.</summary>
    private Router<T, TMerge> PlannedRoute<TMerge, TSwitch>(TSwitch routes, int routeCount)
        where TSwitch : struct, IRouteSwitch<T>
    {
        if (producer is not IPlannedEnd<T>)
        {
            throw wiring.NotDistributed("a route at the line's entry (before its first station)");
        }

        var hop = new RouteHop<T, TSwitch>(wiring.LastWired, routes, routeCount);
        GoesTo(hop);
        return new Router<T, TMerge>(wiring, hop.SetBranch);
    }

    /// <summary>The gather in the plan: the children go back to the caller's run, which sends each complete group on.</summary>
    private Conveyor<Gathered<T>> PlannedGather(LinePlan plan)
    {
        string split = plan.TakeLastSplit() ?? throw new InvalidOperationException(
            $"Line '{plan.Line.Name}' gathers with no one-in-many-out station before it. Rebuild the project: the analyzers report this at build time.");
        var gather = new GatherPlan<T>(plan.Gathers.Count, split);
        plan.Add(gather);
        GoesTo(new GatherHop<T>(gather.Index));
        return new Conveyor<Gathered<T>>(wiring, gather);
    }

    /// <summary>In a plan, what comes out of this conveyor goes by <paramref name="hop"/> (the entry needs none: the caller sends to the first station).</summary>
    private void GoesTo(RemoteHop<T> hop)
    {
        if (producer is IPlannedEnd<T> end)
        {
            end.SendTo(hop);
        }
    }

    /// <summary>
    /// The first step after the entry tells the run how a refusal at the entry keeps an input: without
    /// its <c>[Sensitive]</c> members, as this step would keep it in a dead letter.
    /// </summary>
    private void KeepsAtEntry(Func<T, object?> redact)
    {
        if (producer is EntryProducer<T> && wiring.Runs)
        {
            wiring.Run.Admission.KeepWith(redact);
        }
    }
}
