using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Factory;
using Spectre.Console;

namespace TicketTriage.Reporting;

/// <summary>
/// The per-station table built from Factory's metrics (what <see cref="StationMetrics"/> heard):
/// materials processed, p50 and p95 attempt latency, failed attempts and dead letters.
/// </summary>
public static class StationTable
{
    /// <summary>The table's title.</summary>
    public const string Title = "Stations, from the metrics";

    /// <summary>The table's title when its figures were read from the ledger (<see cref="RecordedStations"/>: the stations worked in other processes).</summary>
    public const string RecordedTitle = "Stations, from the ledger";

    private const string MetricsCaption = "count: materials processed, failed: failed attempts (factory.station.* counters); p50, p95: exact percentiles of factory.station.duration, one per attempt";

    private const string RecordedCaption = "count: materials processed, failed: failed attempts, as the workers recorded them in the ledger; p50, p95: exact percentiles of their durations, one per attempt";

    /// <summary>Writes the table of <paramref name="stations"/> to <paramref name="console"/>, in <paramref name="line"/>'s station order when given.</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<StationStats> stations, LineDescriptor? line = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.Write(Build(stations, line));
    }

    /// <summary>Writes the table of what the workers recorded in the ledger (<see cref="RecordedStations.Stats"/>), under <see cref="RecordedTitle"/>.</summary>
    public static void WriteRecorded(IAnsiConsole console, IReadOnlyList<StationStats> stations, LineDescriptor line)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.Write(Build(stations, line, RecordedTitle, RecordedCaption));
    }

    /// <summary>The table of <paramref name="stations"/>, in <paramref name="line"/>'s station order when given (stations it does not name come last).</summary>
    public static Table Build(IReadOnlyList<StationStats> stations, LineDescriptor? line = null) =>
        Build(stations, line, Title, MetricsCaption);

    private static Table Build(IReadOnlyList<StationStats> stations, LineDescriptor? line, string title, string caption)
    {
        ArgumentNullException.ThrowIfNull(stations);
        LatencyUnit unit = LatencyUnit.For(stations.Select(s => s.P95));
        Table table = new Table()
            .Title(F($"[bold]{Markup.Escape(title)}[/]"))
            .Caption(caption)
            .Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("station").NoWrap())
            .AddColumn(new TableColumn("count").RightAligned())
            .AddColumn(new TableColumn(F($"p50 {unit.Name}")).RightAligned())
            .AddColumn(new TableColumn(F($"p95 {unit.Name}")).RightAligned())
            .AddColumn(new TableColumn("failed").RightAligned())
            .AddColumn(new TableColumn(new Markup("dead\nletters")).RightAligned());
        foreach (StationStats station in Ordered(stations, line))
        {
            table.AddRow(
                Markup.Escape(station.Station),
                F($"{station.Processed:N0}"),
                unit.Format(station.P50),
                unit.Format(station.P95),
                station.Failed > 0 ? F($"[yellow]{station.Failed:N0}[/]") : "0",
                station.DeadLettered > 0 ? F($"[red]{station.DeadLettered:N0}[/]") : "0");
        }

        if (stations.Count == 0)
        {
            table.AddRow("(no measurements)", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
        }

        return table;
    }

    private static IEnumerable<StationStats> Ordered(IReadOnlyList<StationStats> stations, LineDescriptor? line)
    {
        if (line is null)
        {
            return stations;
        }

        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < line.Stations.Count; i++)
        {
            positions.TryAdd(line.Stations[i].Path, i);
        }

        return stations
            .Select((s, i) => (Station: s, Heard: i))
            .OrderBy(s => positions.TryGetValue(s.Station.Station, out int at) ? at : int.MaxValue)
            .ThenBy(s => s.Heard)
            .Select(s => s.Station);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The unit the latencies of one table are shown in: µs when the slowest p95 is under 10 ms, ms under 10 s, else s.</summary>
    /// <param name="Name">The unit's symbol.</param>
    /// <param name="PerSecond">How many of the unit make a second.</param>
    public readonly record struct LatencyUnit(string Name, double PerSecond)
    {
        /// <summary>The unit for latencies up to the largest of <paramref name="seconds"/> (NaN ignored).</summary>
        public static LatencyUnit For(IEnumerable<double> seconds)
        {
            ArgumentNullException.ThrowIfNull(seconds);
            double slowest = seconds.Where(s => !double.IsNaN(s)).DefaultIfEmpty(0).Max();
            return slowest switch
            {
                < 0.01 => new LatencyUnit("µs", 1e6),
                < 10 => new LatencyUnit("ms", 1e3),
                _ => new LatencyUnit("s", 1),
            };
        }

        /// <summary><paramref name="seconds"/> in this unit with one decimal; "-" for NaN (no attempts).</summary>
        public string Format(double seconds) => double.IsNaN(seconds) ? "-" : F($"{seconds * PerSecond:N1}");
    }
}
