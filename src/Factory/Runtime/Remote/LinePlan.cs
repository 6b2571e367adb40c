using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Factory.Runtime;

/// <summary>
/// A line's stations with their calls, for a process that runs them one material at a time as
/// deliveries from a transport arrive (a broker worker), rather than on belts. Made by wiring the line's
/// generated code once without starting anything (<see cref="Of{TIn, TOut}"/>).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LinePlan
{
    private readonly List<StationPlan> stations = [];
    private readonly List<GatherPlan> gathers = [];
    private readonly List<GatePlan> gates = [];
    private string? lastSplit;

    internal LinePlan(LineDescriptor line)
    {
        Line = line;
    }

    /// <summary>The line.</summary>
    public LineDescriptor Line { get; }

    /// <summary>The stations, in the line's station order.</summary>
    public IReadOnlyList<StationPlan> Stations => stations;

    /// <summary>The gathers, in the line's order.</summary>
    public IReadOnlyList<GatherPlan> Gathers => gathers;

    /// <summary>The gates, in the line's order (they are stations too).</summary>
    internal IReadOnlyList<GatePlan> Gates => gates;

    /// <summary>The plan of <paramref name="line"/>: its generated code wires its stations into the plan; no run starts.</summary>
    public static LinePlan Of<TIn, TOut>(ILine<TIn, TOut> line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var capture = new PlanCapture();
        _ = line.Start(new RunOptions { Transport = capture });
        return capture.Plan ?? throw new InvalidOperationException($"Line '{line.GetType().FullName}' did not wire its stations: rebuild the project so the generated code matches.");
    }

    /// <summary>The plan of the station at <paramref name="path"/>.</summary>
    public StationPlan Station(string path)
    {
        foreach (StationPlan station in stations)
        {
            if (station.Station.Path == path)
            {
                return station;
            }
        }

        throw new ArgumentException($"Line '{Line.Name}' has no station '{path}'.", nameof(path));
    }

    /// <summary>
    /// Checks that <paramref name="json"/> lists every type that travels between stations (each station's
    /// input and output), naming the first one it lacks and where it travels.
    /// </summary>
    /// <exception cref="InvalidOperationException">A material type is not listed.</exception>
    public void Check(JsonSerializerContext json)
    {
        ArgumentNullException.ThrowIfNull(json);
        foreach (StationPlan station in stations)
        {
            Require(json, station.InputType, $"the input of station '{station.Station.Path}'");
            if (station is not GatePlan)
            {
                // A gate's decision travels as its route's case (Approved<T>, Rejected<T>): the input of the station it goes to.
                Require(json, station.OutputType, $"the output of station '{station.Station.Path}'");
            }
        }
    }

    internal void Add(StationPlan station)
    {
        stations.Add(station);
        if (station is GatePlan gate)
        {
            gates.Add(gate);
        }

        if (station.Station.Splits)
        {
            lastSplit = station.Station.Path;
        }
    }

    /// <summary>A gather takes the nearest split before it, as in process; null when there is none.</summary>
    internal string? TakeLastSplit()
    {
        string? split = lastSplit;
        lastSplit = null;
        return split;
    }

    internal void Add(GatherPlan gather) => gathers.Add(gather);

    private void Require(JsonSerializerContext json, Type type, string where)
    {
        if (json.GetTypeInfo(type) is null)
        {
            throw new InvalidOperationException(
                $"Line '{Line.Name}' runs distributed, but its JSON context {json.GetType().FullName} does not list {type.FullName} ({where}): " +
                $"add [JsonSerializable(typeof({type.FullName}))] to it.");
        }
    }
}
