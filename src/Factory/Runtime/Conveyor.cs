using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
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

    /// <summary>Puts the next station of the line after this conveyor.</summary>
    public Conveyor<TOut> Then<TOut, TWork>(TWork work)
        where TWork : struct, IStationWork<T, TOut>
    {
        StationDescriptor station = run.NextStation();
        Channel<Material<T>> input = Conveyors.Create<T>(station.Options.Capacity, singleReader: station.Options.Parallelism == 1);
        producer.Connect(input.Writer);
        run.CloseOnStop(input.Writer);
        var stage = new StationStage<T, TOut, TWork>(run, station, work, input.Reader);
        run.Add(stage);
        return new Conveyor<TOut>(run, stage);
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
        int capacity = run.Line.Stations[^1].Options.Capacity;
        Channel<Material<T>> output = Conveyors.Create<T>(capacity, singleReader: false);
        producer.Connect(output.Writer);
        Task stations = run.StartAll();
        return new LineRun<TIn, T>(run, start.Writer!, output.Reader, stations);
    }
}

/// <summary>Starts assembling a run of a line.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Conveyor
{
    /// <summary>The entry of a new run of <paramref name="line"/>.</summary>
    public static Conveyor<TIn> Begin<TIn>(LineDescriptor line, JobOrder? job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        var run = new RunState(line, job, cancellationToken);
        return new Conveyor<TIn>(run, new EntryProducer<TIn>(run));
    }
}

/// <summary>The line's entry: wraps what callers write into materials.</summary>
internal sealed class EntryProducer<T>(RunState run) : IProducer<T>
{
    public MaterialWriter<T>? Writer { get; private set; }

    public void Connect(ChannelWriter<Material<T>> output) => Writer = new MaterialWriter<T>(run, output);
}

/// <summary>How conveyors between stations are made: bounded, asynchronous continuations only.</summary>
internal static class Conveyors
{
    public static Channel<Material<T>> Create<T>(int capacity, bool singleReader)
    {
        Debug.Assert(capacity > 0, "The analyzer refuses Capacity < 1.");
        return Channel.CreateBounded<Material<T>>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = singleReader,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
    }
}
