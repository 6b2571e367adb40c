using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// The open end of a line being assembled: materials of <typeparamref name="T"/> come out here.
/// Generated code adds stations with <see cref="Then{TOut, TWork}"/> and closes the line with
/// <see cref="Finish{TIn}"/>. Nested lines extend the same conveyor, so their stations run inline.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Conveyor<T>
{
    private readonly RunState run;
    private readonly IProducer<T> producer;

    internal Conveyor(RunState run, IProducer<T> producer)
    {
        this.run = run;
        this.producer = producer;
    }

    internal RunState Run => run;

    internal IProducer<T> Producer => producer;

    /// <summary>Routes this conveyor's materials by run-time type; the branches merge into <typeparamref name="TMerge"/>.</summary>
    public Router<T, TMerge> Route<TMerge, TSwitch>(TSwitch routes, int routeCount)
        where TSwitch : struct, IRouteSwitch<T>
    {
        var sorter = new RouteSorter<T, TSwitch>(run, run.LastWired, routes, routeCount);
        if (producer is IFusable<T> { CanFuse: true } previous)
        {
            // Choosing a route is a type switch: the single worker of the routed station runs it, no hop.
            var fused = new FusedRouter<T, TSwitch>(sorter);
            previous.Fuse(fused);
            run.Wired(fused);
        }
        else
        {
            var input = new Belt<T>(StationDefaults.Capacity);
            producer.Connect(input);
            run.CloseOnStop(input);
            var stage = new RouterStage<T, TSwitch>(run, sorter, input);
            run.AddHelper(stage);
            run.Wired(stage);
        }

        return new Router<T, TMerge>(run, sorter.SetBranch, sorter.WhenDone);
    }

    /// <summary>Puts the next station of the line after this conveyor.</summary>
    public Conveyor<TOut> Then<TOut, TWork>(TWork work)
        where TWork : struct, IStationWork<T, TOut>
    {
        StationDescriptor station = run.NextStation();
        if (producer is IFusable<T> { CanFuse: true } previous && FusedStation<T, TOut, TWork>.CanRunFused(station))
        {
            // A plain synchronous station after a single-worker one runs in that worker: no belt, no hop.
            var fusedStation = new FusedStation<T, TOut, TWork>(run, station, work);
            previous.Fuse(fusedStation);
            run.Add(fusedStation);
            run.Wired(fusedStation);
            return new Conveyor<TOut>(run, fusedStation);
        }

        var input = new Belt<T>(station.Options.Capacity);
        producer.Connect(input);
        run.CloseOnStop(input);
        var stage = new StationStage<T, TOut, TWork>(run, station, work, input);
        run.Add(stage);
        run.Wired(stage);
        return new Conveyor<TOut>(run, stage);
    }

    /// <summary>Puts the next batch station of the line after this conveyor.</summary>
    public Conveyor<TOut> ThenBatch<TOut, TWork>(TWork work)
        where TWork : struct, IBatchWork<T, TOut>
    {
        StationDescriptor station = run.NextStation();
        var input = new Belt<T>(station.Options.Capacity);
        producer.Connect(input);
        run.CloseOnStop(input);
        var stage = new BatchStage<T, TOut, TWork>(run, station, work, input);
        run.Add(stage);
        run.Wired(stage);
        return new Conveyor<TOut>(run, stage);
    }

    /// <summary>Gathers the children of the nearest split upstream, one group per parent, for a station taking <c>Gathered&lt;T&gt;</c>.</summary>
    public Conveyor<Gathered<T>> Gather()
    {
        SplitRegistry registry = run.StartGather();
        var input = new Belt<T>(StationDefaults.Capacity);
        producer.Connect(input);
        run.CloseOnStop(input);
        var stage = new GatherStage<T>(run, input, registry);
        run.AddHelper(stage);
        return new Conveyor<Gathered<T>>(run, stage);
    }

    /// <summary>Closes the line: starts every station and returns the run.</summary>
    public LineRun<TIn, T> Finish<TIn>(Conveyor<TIn> entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!ReferenceEquals(entry.run, run) || entry.producer is not EntryProducer<TIn> start)
        {
            throw new ArgumentException("The entry conveyor does not belong to this line run.", nameof(entry));
        }

        run.CheckAllWired();
        var output = new Belt<T>(run.Line.Stations[^1].Options.Capacity) { IsExit = true };
        producer.Connect(output);
        run.CloseExitOnStop(output);
        run.Starting();
        Task stations = run.StartAll();
        return new LineRun<TIn, T>(run, start.Entry!, output, stations);
    }
}

/// <summary>Starts assembling a run of a line.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Conveyor
{
    /// <summary>The entry of a new run of <paramref name="line"/>.</summary>
    /// <exception cref="PermissionDeniedException">The job order lacks a permission a station requires.</exception>
    public static Conveyor<TIn> Begin<TIn>(LineDescriptor line, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(options);
        var run = new RunState(line, options, cancellationToken);
        return new Conveyor<TIn>(run, new EntryProducer<TIn>());
    }
}

/// <summary>The line's entry: the first station's belt, which callers and feeders write to.</summary>
internal sealed class EntryProducer<T> : IProducer<T>
{
    public Belt<T>? Entry { get; private set; }

    public void Connect(Belt<T> output) => Entry = output;
}
