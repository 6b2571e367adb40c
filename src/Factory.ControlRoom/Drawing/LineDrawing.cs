using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Factory.ControlRoom;

/// <summary>
/// A line drawn as SVG on the server from its descriptor: stations in columns by their distance from
/// the entry, belts as arrows (a route's case on its arrow), gates as hexagons, a nested line's
/// stations labelled with their path. Each station carries its live counts in an element the
/// console's script updates from the run's events.
/// </summary>
internal static class LineDrawing
{
    private const int Width = 250;
    private const int Height = 66;
    private const int GapX = 70;
    private const int GapY = 26;
    private const int Margin = 12;

    /// <summary>Draws <paramref name="line"/>; each station's second line is its live counts, or <paramref name="caption"/>'s text when given (a drawing that is never live).</summary>
    public static void Draw(Html html, LineDescriptor line, IReadOnlyDictionary<string, StationStatus>? live, Func<StationDescriptor, string>? caption = null)
    {
        int[] column = Columns(line);
        int[] row = new int[column.Length];
        var used = new Dictionary<int, int>();
        for (int i = 0; i < column.Length; i++)
        {
            row[i] = used.GetValueOrDefault(column[i]);
            used[column[i]] = row[i] + 1;
        }

        int columns = column.Length == 0 ? 1 : column.Max() + 1;
        int rows = used.Count == 0 ? 1 : used.Values.Max();
        int width = (2 * Margin) + (columns * Width) + ((columns - 1) * GapX);
        int height = (2 * Margin) + (rows * Height) + ((rows - 1) * GapY);

        html.Open("svg", ("xmlns", "http://www.w3.org/2000/svg"), ("class", "line"), ("viewBox", $"0 0 {N(width)} {N(height)}"), ("width", N(width)), ("height", N(height)), ("role", "img"), ("aria-label", "line " + line.Name))
            .Open("defs").Open("marker", ("id", "arrow"), ("viewBox", "0 0 10 10"), ("refX", "10"), ("refY", "5"), ("markerWidth", "8"), ("markerHeight", "8"), ("orient", "auto-start-reverse"))
            .Void("path", ("d", "M 0 0 L 10 5 L 0 10 z"), ("class", "arrowhead")).Close("path").Close("marker").Close("defs");

        foreach (LineEdge edge in line.Edges)
        {
            DrawEdge(html, X(column[edge.From]) + Width, Y(row[edge.From]) + (Height / 2), X(column[edge.To]), Y(row[edge.To]) + (Height / 2), edge.Route);
        }

        for (int i = 0; i < line.Stations.Count; i++)
        {
            StationDescriptor station = line.Stations[i];
            StationStatus? status = live?.GetValueOrDefault(station.Path);
            DrawStation(html, station, X(column[i]), Y(row[i]), caption?.Invoke(station) ?? Counts(status), line.Exits.Contains(i));
        }

        html.Close("svg");
    }

    /// <summary>The counts a station shows, the same words the script writes.</summary>
    public static string Counts(StationStatus? status) => status is null
        ? "not live"
        : $"in {N(status.In)} · out {N(status.Out)} · queued {N(status.Queued)} · dead {N(status.DeadLettered)}";

    private static void DrawStation(Html html, StationDescriptor station, int x, int y, string counts, bool exit)
    {
        string kind = station.Gate is not null ? "station gate" : exit ? "station exit" : "station";
        html.Open("g", ("class", kind), ("data-station", station.Path));
        if (station.Gate is not null)
        {
            int c = 14;
            string points = string.Join(' ', new[] { (x + c, y), (x + Width - c, y), (x + Width, y + (Height / 2)), (x + Width - c, y + Height), (x + c, y + Height), (x, y + (Height / 2)) }.Select(p => N(p.Item1) + "," + N(p.Item2)));
            html.Void("polygon", ("points", points)).Close("polygon");
        }
        else
        {
            html.Void("rect", ("x", N(x)), ("y", N(y)), ("width", N(Width)), ("height", N(Height)), ("rx", "6")).Close("rect");
        }

        html.Element("title", $"{station.Path} v{station.Version}: {station.InputType} -> {station.OutputType}")
            .Element("text", Shorten(station.Path, 34), ("x", N(x + (Width / 2))), ("y", N(y + 24)), ("class", "name"))
            .Element("text", counts, ("x", N(x + (Width / 2))), ("y", N(y + 46)), ("class", "counts"), ("data-counts", station.Path))
            .Close("g");
    }

    private static void DrawEdge(Html html, int x1, int y1, int x2, int y2, string? route)
    {
        int middle = (x1 + x2) / 2;
        html.Void("path", ("d", $"M {N(x1)} {N(y1)} C {N(middle)} {N(y1)}, {N(middle)} {N(y2)}, {N(x2 - 2)} {N(y2)}"), ("class", "belt"), ("marker-end", "url(#arrow)")).Close("path");
        if (route is not null)
        {
            html.Element("text", Shorten(ShortType(route), 18), ("x", N(middle)), ("y", N(((y1 + y2) / 2) - 6)), ("class", "route"));
        }
    }

    /// <summary>Each station's column: the longest path of belts from an entry to it.</summary>
    private static int[] Columns(LineDescriptor line)
    {
        int[] column = new int[line.Stations.Count];
        for (int pass = 0; pass < line.Stations.Count; pass++)
        {
            bool changed = false;
            foreach (LineEdge edge in line.Edges)
            {
                if (edge.From < edge.To && column[edge.To] < column[edge.From] + 1)
                {
                    column[edge.To] = column[edge.From] + 1;
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return column;
    }

    private static string ShortType(string type)
    {
        int generic = type.IndexOf('<', StringComparison.Ordinal);
        string head = generic < 0 ? type : type[..generic];
        string name = head[(head.LastIndexOf('.') + 1)..];
        return generic < 0 ? name : name + "<" + ShortType(type[(generic + 1)..].TrimEnd('>')) + ">";
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : "…" + text[^(length - 1)..];

    private static int X(int column) => Margin + (column * (Width + GapX));

    private static int Y(int row) => Margin + (row * (Height + GapY));

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
