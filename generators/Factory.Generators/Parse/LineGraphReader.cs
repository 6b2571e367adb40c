using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Factory.Generators.Model;

namespace Factory.Generators.Parse;

/// <summary>
/// Resolves a line's steps to the models of the stations, gates, thinking units and lines they name,
/// so the line's descriptor can be recorded in the assembly's metadata. A line that takes a station or
/// line from another assembly is left out (null): this compilation does not have that step's facts.
/// </summary>
internal static class LineGraphReader
{
    // Deeper than any line a person writes; a line that contains itself stops here instead of recursing forever.
    private const int MaxDepth = 32;

    /// <summary>Every step model of the compilation, by the type's fully qualified name.</summary>
    public static Catalog Index(ImmutableArray<StationModel> stations, ImmutableArray<GateModel> gates, ImmutableArray<ThinkingUnitModel> units, ImmutableArray<LineModel> lines)
    {
        var found = new Dictionary<string, GraphStationModel>(System.StringComparer.Ordinal);
        foreach (StationModel station in stations.Concat(units.Select(u => u.Station)))
        {
            found[station.Type.FullyQualifiedName] = new GraphStationModel(station, null);
        }

        foreach (GateModel gate in gates)
        {
            found[gate.Station.Type.FullyQualifiedName] = new GraphStationModel(gate.Station, gate);
        }

        // By assignment, not ToDictionary: a type found twice (attributes on two partial declarations) must not throw here.
        var lineModels = new Dictionary<string, LineModel>(System.StringComparer.Ordinal);
        foreach (LineModel line in lines)
        {
            lineModels[line.Type.FullyQualifiedName] = line;
        }

        return new Catalog(found, lineModels);
    }

    /// <summary>The line's graph, or null when one of its steps is not in <paramref name="catalog"/>.</summary>
    public static LineGraphModel? Read(LineModel line, Catalog catalog) => Read(line, catalog, 0);

    private static LineGraphModel? Read(LineModel line, Catalog catalog, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        ImmutableArray<GraphStepModel>.Builder steps = ImmutableArray.CreateBuilder<GraphStepModel>();
        foreach (StepModel step in line.Steps)
        {
            if (!Target(step.Target, catalog, depth, out GraphStationModel? station, out LineGraphModel? nested))
            {
                return null;
            }

            steps.Add(new GraphStepModel(station, nested, EquatableArray<GraphRouteModel>.Empty));
            if (step.Routes.Count == 0)
            {
                continue;
            }

            ImmutableArray<GraphRouteModel>.Builder routes = ImmutableArray.CreateBuilder<GraphRouteModel>(step.Routes.Count);
            foreach (RouteModel route in step.Routes)
            {
                GraphStationModel? routeStation = null;
                LineGraphModel? routeLine = null;
                if (route.Target is not null && !Target(route.Target, catalog, depth, out routeStation, out routeLine))
                {
                    return null;
                }

                routes.Add(new GraphRouteModel(route.CaseDisplay, routeStation, routeLine));
            }

            steps.Add(new GraphStepModel(null, null, new EquatableArray<GraphRouteModel>(routes.ToImmutable())));
        }

        return new LineGraphModel(line.Type, line.Name, new EquatableArray<GraphStepModel>(steps.ToImmutable()));
    }

    private static bool Target(TargetModel target, Catalog catalog, int depth, out GraphStationModel? station, out LineGraphModel? line)
    {
        station = null;
        line = null;
        if (target.IsLine)
        {
            line = catalog.Lines.TryGetValue(target.Type.Name, out LineModel? model) ? Read(model, catalog, depth + 1) : null;
            return line is not null;
        }

        return catalog.Stations.TryGetValue(target.Type.Name, out station);
    }

    /// <summary>The compilation's step models by type; built once per run for every line.</summary>
    internal sealed class Catalog(Dictionary<string, GraphStationModel> stations, Dictionary<string, LineModel> lines)
    {
        public Dictionary<string, GraphStationModel> Stations { get; } = stations;

        public Dictionary<string, LineModel> Lines { get; } = lines;
    }
}
