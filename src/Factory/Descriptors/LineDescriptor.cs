using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Factory;

/// <summary>
/// What a line is: its stations in run order (nested lines flattened, as they run), the edges between
/// them and the permissions its stations require. Generated once per line as a static.
/// </summary>
public sealed class LineDescriptor
{
    private LineDescriptor(string name, string typeName, IReadOnlyList<StationDescriptor> stations)
    {
        Name = name;
        TypeName = typeName;
        Stations = stations;
        Edges = Enumerable.Range(0, Math.Max(0, stations.Count - 1))
            .Select(i => new LineEdge(i, i + 1, stations[i].OutputType))
            .ToArray();
        Requires = stations.SelectMany(s => s.Requires).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The line's name.</summary>
    public string Name { get; }

    /// <summary>The line class's full name.</summary>
    public string TypeName { get; }

    /// <summary>The input type's full name.</summary>
    public string InputType => Stations[0].InputType;

    /// <summary>The output type's full name.</summary>
    public string OutputType => Stations[^1].OutputType;

    /// <summary>Every station in run order, nested lines flattened.</summary>
    public IReadOnlyList<StationDescriptor> Stations { get; }

    /// <summary>The conveyors between stations.</summary>
    public IReadOnlyList<LineEdge> Edges { get; }

    /// <summary>The union of the permissions the line's stations require, sorted.</summary>
    public IReadOnlyList<string> Requires { get; }

    /// <summary>Builds a descriptor from a line's steps; nested lines contribute their stations under a path.</summary>
    public static LineDescriptor Create(string name, string typeName, params LineStep[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Length == 0)
        {
            throw new ArgumentException($"Line '{name}' has no steps.", nameof(steps));
        }

        var stations = new List<StationDescriptor>();
        foreach (LineStep step in steps)
        {
            if (step.Station is { } station)
            {
                stations.Add(station);
            }
            else if (step.Line is { } line)
            {
                stations.AddRange(line.Stations.Select(s => s with { Path = line.Name + "/" + s.Path }));
            }
        }

        return new LineDescriptor(name, typeName, stations);
    }

    /// <summary>The line as a Mermaid flowchart (left to right), one node per station.</summary>
    public string ToMermaid()
    {
        var text = new StringBuilder();
        text.Append("flowchart LR\n");
        text.Append("    input([\"").Append(Escape(ShortName(InputType))).Append("\"])\n");
        for (int i = 0; i < Stations.Count; i++)
        {
            StationDescriptor station = Stations[i];
            text.Append("    s").Append(i).Append("[\"").Append(Escape(station.Path));
            if (station.Options.Parallelism > 1)
            {
                text.Append(" ×").Append(station.Options.Parallelism);
            }

            text.Append("\"]\n");
        }

        text.Append("    output([\"").Append(Escape(ShortName(OutputType))).Append("\"])\n");
        text.Append("    input --> s0\n");
        foreach (LineEdge edge in Edges)
        {
            text.Append("    s").Append(edge.From).Append(" -->|").Append(Escape(ShortName(edge.MaterialType))).Append("| s").Append(edge.To).Append('\n');
        }

        text.Append("    s").Append(Stations.Count - 1).Append(" --> output\n");
        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => $"line {Name}: {string.Join(" -> ", Stations.Select(s => s.Path))}";

    private static string ShortName(string typeName)
    {
        int generic = typeName.IndexOf('<');
        string head = generic < 0 ? typeName : typeName[..generic];
        int dot = head.LastIndexOf('.');
        return dot < 0 ? typeName : typeName[(dot + 1)..];
    }

    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal);
}
