using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Factory;

/// <summary>
/// What a line is: its stations in run order (nested lines and route targets flattened, as they
/// run), the belts between them, its routes, and the permissions its stations require. Generated
/// once per line as a static.
/// </summary>
public sealed class LineDescriptor
{
    private LineDescriptor(string name, string typeName, Graph graph)
    {
        Name = name;
        TypeName = typeName;
        Stations = graph.Stations;
        Edges = graph.Edges.OrderBy(e => e.From).ThenBy(e => e.To).ToArray();
        Routes = graph.Routes;
        Exits = graph.Exits;
        Requires = graph.Stations.SelectMany(s => s.Requires).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The line's name.</summary>
    public string Name { get; }

    /// <summary>The line class's full name.</summary>
    public string TypeName { get; }

    /// <summary>The input type's name (the first station's input).</summary>
    public string InputType => Stations[0].InputType;

    /// <summary>The output type's name (what the last stations give).</summary>
    public string OutputType => Exits.Count == 0 ? Stations[^1].OutputType : Stations[Exits[0]].OutputType;

    /// <summary>Every station in run order, nested lines and route targets flattened.</summary>
    public IReadOnlyList<StationDescriptor> Stations { get; }

    /// <summary>The belts between stations.</summary>
    public IReadOnlyList<LineEdge> Edges { get; }

    /// <summary>Every route, with the station it leaves and the station it enters.</summary>
    public IReadOnlyList<RouteDescriptor> Routes { get; }

    /// <summary>Indexes of the stations whose outputs leave the line.</summary>
    public IReadOnlyList<int> Exits { get; }

    /// <summary>The union of the permissions the line's stations require, sorted.</summary>
    public IReadOnlyList<string> Requires { get; }

    /// <summary>Builds a descriptor from a line's steps.</summary>
    public static LineDescriptor Create(string name, string typeName, params LineStep[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Length == 0)
        {
            throw new ArgumentException($"Line '{name}' has no steps.", nameof(steps));
        }

        var graph = new Graph();
        foreach (LineStep step in steps)
        {
            if (step.Station is { } station)
            {
                graph.Tails = graph.Add(station, graph.Tails, route: null);
            }
            else if (step.Line is { } line)
            {
                graph.Tails = graph.Add(line, graph.Tails, route: null);
            }
            else if (step.Routes is { } routes)
            {
                graph.Tails = graph.AddRoutes(routes);
            }
        }

        if (graph.Stations.Count == 0)
        {
            throw new ArgumentException($"Line '{name}' has no stations.", nameof(steps));
        }

        return new LineDescriptor(name, typeName, graph);
    }

    /// <summary>The line as a Mermaid flowchart (left to right), one node per station.</summary>
    public string ToMermaid()
    {
        var text = new StringBuilder();
        text.Append("flowchart LR\n");
        text.Append("    input([\"").Append(Escape(ShortName(InputType))).Append("\"])\n");
        for (int i = 0; i < Stations.Count; i++)
        {
            // A gate, where a person decides, is a hexagon.
            (string open, string close) = Stations[i].Gate is null ? ("[\"", "\"]") : ("{{\"", "\"}}");
            text.Append("    s").Append(i).Append(open).Append(Escape(Label(Stations[i]))).Append(close).Append('\n');
        }

        if (Routes.Any(r => r.IsDiscard))
        {
            text.Append("    discard((\"discard\"))\n");
        }

        text.Append("    output([\"").Append(Escape(ShortName(OutputType))).Append("\"])\n");
        text.Append("    input --> s0\n");
        foreach (LineEdge edge in Edges)
        {
            string label = edge.Route is null ? ShortName(edge.MaterialType) : ShortName(edge.Route);
            text.Append("    s").Append(edge.From).Append(" -->|").Append(Escape(label)).Append("| s").Append(edge.To).Append('\n');
        }

        foreach (RouteDescriptor discard in Routes.Where(r => r.IsDiscard))
        {
            text.Append("    s").Append(discard.From).Append(" -->|").Append(Escape(ShortName(discard.CaseType))).Append("| discard\n");
        }

        foreach (int exit in Exits)
        {
            text.Append("    s").Append(exit).Append(" --> output\n");
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => $"line {Name}: {string.Join(" -> ", Stations.Select(s => s.Path))}";

    private static string Label(StationDescriptor station)
    {
        var label = new StringBuilder(station.Path);
        if (station.Options.Parallelism > 1)
        {
            label.Append(" ×").Append(station.Options.Parallelism);
        }

        if (station.Options.IsBatch)
        {
            label.Append(" (batch ").Append(station.Options.BatchSize).Append(')');
        }

        return label.ToString();
    }

    private static string ShortName(string typeName)
    {
        int generic = typeName.IndexOf('<', StringComparison.Ordinal);
        string head = generic < 0 ? typeName : typeName[..generic];
        int dot = head.LastIndexOf('.');
        return dot < 0 ? typeName : typeName[(dot + 1)..];
    }

    private static string Escape(string text) =>
        text.Replace("\"", "#quot;", StringComparison.Ordinal).Replace("<", "#lt;", StringComparison.Ordinal).Replace(">", "#gt;", StringComparison.Ordinal);

    /// <summary>The line's stations and belts as they are flattened, with the stations whose outputs flow on next.</summary>
    private sealed class Graph
    {
        public List<StationDescriptor> Stations { get; } = [];

        public List<LineEdge> Edges { get; } = [];

        public List<RouteDescriptor> Routes { get; } = [];

        public List<int> Tails { get; set; } = [];

        public List<int> Exits => Tails;

        public List<int> Add(StationDescriptor station, List<int> from, string? route)
        {
            int index = Stations.Count;
            Stations.Add(station);
            Connect(from, index, route);
            return [index];
        }

        public List<int> Add(LineDescriptor line, List<int> from, string? route)
        {
            int offset = Stations.Count;
            Stations.AddRange(line.Stations.Select(s => s with { Path = line.Name + "/" + s.Path }));
            Edges.AddRange(line.Edges.Select(e => e with { From = e.From + offset, To = e.To + offset }));
            Routes.AddRange(line.Routes.Select(r => r with { From = r.From + offset, To = r.IsDiscard ? -1 : r.To + offset }));
            Connect(from, offset, route);
            return line.Exits.Select(e => e + offset).ToList();
        }

        public List<int> AddRoutes(IReadOnlyList<RouteStep> routes)
        {
            List<int> from = Tails;
            int routed = from.Count == 0 ? -1 : from[^1];
            var merged = new List<int>();
            foreach (RouteStep route in routes)
            {
                if (route.IsDiscard)
                {
                    Routes.Add(new RouteDescriptor(routed, route.CaseType, -1));
                    continue;
                }

                int first = Stations.Count;
                merged.AddRange(route.Station is { } station
                    ? Add(station, from, route.CaseType)
                    : Add(route.Line!, from, route.CaseType));
                Routes.Add(new RouteDescriptor(routed, route.CaseType, first));
            }

            return merged;
        }

        private void Connect(List<int> from, int to, string? route)
        {
            foreach (int tail in from)
            {
                Edges.Add(new LineEdge(tail, to, Stations[tail].OutputType, route));
            }
        }
    }
}
