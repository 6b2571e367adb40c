using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory;
using Spectre.Console;
using TicketTriage.Cli;
using TicketTriage.Data;
using TicketTriage.Reporting;
using TicketTriage.Running;
using Xunit;

namespace TicketTriage.Tests;

/// <summary>
/// Tests that listen to Factory's meter or activity source, or set the OTEL_* variables: listeners
/// and environment variables are process-wide, so these run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTelemetry
{
    public const string Name = "process-wide telemetry";
}

/// <summary>The per-station table the sample builds from Factory's metrics, against the run's report.</summary>
[Collection(ProcessWideTelemetry.Name)]
public sealed class StationMetricsTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"tickettriage-metrics-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_metrics_of_a_small_run_equal_its_report_station_by_station()
    {
        // 1,600 tickets: 8 malformed, 5 of them tickets that Normalize dead-letters.
        IReadOnlyList<TicketLine> lines = new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(1_600);
        LineResult result;
        IReadOnlyList<StationStats> stations;
        using (var metrics = new StationMetrics(TicketTriageLine.Descriptor.Name))
        {
            result = await LineHarness.RunAsync(lines, ShippedModel.Instance);
            stations = metrics.Snapshot();
        }

        LineReport report = result.Report;
        Assert.Equal(LineOutcome.AwaitingDecision, report.Outcome);

        // The gate parks its materials without an attempt, and nobody decided, so the stations after it made none.
        StationReport[] worked = report.Stations.Where(s => s.Name != WaitingRefunds.GatePath && s.In > 0).ToArray();
        Assert.Equal(["RefundLine/ApproveRefund", "RefundLine/ExplainDecline", "RefundLine/IssueRefund"], report.Stations.Except(worked).Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal(worked.Select(s => s.Name).Order(StringComparer.Ordinal), stations.Select(s => s.Station).Order(StringComparer.Ordinal));
        foreach (StationReport expected in worked)
        {
            StationStats measured = stations.Single(s => s.Station == expected.Name);
            Assert.Equal(expected.In - expected.DeadLettered, measured.Processed);
            Assert.Equal(expected.Retries + expected.DeadLettered, measured.Failed);
            Assert.Equal(expected.DeadLettered, measured.DeadLettered);
            Assert.Equal(measured.Processed + measured.Failed, measured.Attempts);
            Assert.True(measured.P50 > 0, expected.Name);
            Assert.True(measured.P50 <= measured.P95, expected.Name);
        }

        Assert.Equal(5, stations.Single(s => s.Station == "Normalize").DeadLettered);
        Assert.True(stations.Single(s => s.Station == "EscalationLine/AssignOnCall").Processed > 0);
    }

    [Fact]
    public async Task The_runner_prints_a_table_from_the_metrics_whose_numbers_equal_the_reports_station_table()
    {
        string output = Path.Combine(folder, "outcomes.jsonl");
        Assert.True(TriageOptions.TryParse(["--count", "1600", "--out", output, "--plain"], out TriageOptions options, out string? error), error);

        (int exit, string printed) = await CaptureAsync(() => TriageRunner.RunAsync(options, CancellationToken.None));

        Assert.Equal(0, exit);
        Dictionary<string, string[]> fromReport = Rows(printed, "Stations");
        Dictionary<string, string[]> fromMetrics = Rows(printed, StationTable.Title);
        Assert.Equal(11, fromReport.Count);
        Assert.Equal(8, fromMetrics.Count);
        Assert.Equal(
            fromReport.Where(r => r.Key != WaitingRefunds.GatePath && Number(r.Value[0]) > 0).Select(r => r.Key).Order(StringComparer.Ordinal),
            fromMetrics.Keys.Order(StringComparer.Ordinal));
        foreach ((string station, string[] report) in fromReport.Where(r => fromMetrics.ContainsKey(r.Key)))
        {
            // Report: in, out, dead letters, retries. Metrics: count, p50, p95, failed, dead letters.
            long @in = Number(report[0]), deadLettered = Number(report[2]), retries = Number(report[3]);
            string[] metrics = fromMetrics[station];
            Assert.Equal(@in - deadLettered, Number(metrics[0]));
            Assert.Equal(retries + deadLettered, Number(metrics[3]));
            Assert.Equal(deadLettered, Number(metrics[4]));
            double p50 = double.Parse(metrics[1], NumberStyles.Number, CultureInfo.InvariantCulture);
            double p95 = double.Parse(metrics[2], NumberStyles.Number, CultureInfo.InvariantCulture);
            Assert.InRange(p50, 0, p95);
        }

        Assert.Equal("5", fromMetrics["Normalize"][4]);
        Assert.Contains("│ station", printed, StringComparison.Ordinal);
        Assert.Matches(@"p50 (µs|ms|s) ", printed);
    }

    [Fact]
    public void The_table_orders_stations_as_the_line_does_and_shows_dashes_without_attempts()
    {
        StationStats[] stations =
        [
            new("ReplyLine/DraftReply", 3, 0, 0, 3, 0.000_001, 0.000_003),
            new("Elsewhere", 0, 0, 0, 0, double.NaN, double.NaN),
            new("Normalize", 4, 2, 1, 6, 0.000_002, 0.000_009),
        ];
        var console = new StringWriter();
        IAnsiConsole ansi = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(console) });

        StationTable.Write(ansi, stations, TicketTriageLine.Descriptor);

        Dictionary<string, string[]> rows = Rows(console.ToString(), StationTable.Title);
        Assert.Equal(["Normalize", "ReplyLine/DraftReply", "Elsewhere"], rows.Keys);
        Assert.Equal(["4", "2.0", "9.0", "2", "1"], rows["Normalize"]);
        Assert.Equal(["0", "-", "-", "0", "0"], rows["Elsewhere"]);
    }

    /// <summary>Runs <paramref name="run"/> with the console's output captured (Spectre writes plain text to a writer that is not a terminal).</summary>
    internal static async Task<(int Exit, string Printed)> CaptureAsync(Func<Task<int>> run)
    {
        TextWriter original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            int exit = await run();
            return (exit, captured.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    /// <summary>The rows of the table titled <paramref name="title"/> in <paramref name="printed"/>: station name to its other cells.</summary>
    internal static Dictionary<string, string[]> Rows(string printed, string title)
    {
        string[] lines = printed.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        int at = Array.FindIndex(lines, l => l.Trim() == title);
        Assert.True(at >= 0, $"no table titled '{title}' in:\n{printed}");
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        bool body = false;
        for (int i = at + 1; i < lines.Length && !lines[i].StartsWith('╰'); i++)
        {
            if (lines[i].StartsWith('├'))
            {
                body = true;
                continue;
            }

            if (!body || !lines[i].StartsWith('│'))
            {
                continue;
            }

            string[] cells = lines[i].Split('│')[1..^1].Select(c => c.Trim()).ToArray();
            Assert.True(cells[0].Length > 0, $"a row whose station wrapped: {lines[i]}");
            rows.Add(cells[0], cells[1..]);
        }

        return rows;
    }

    private static long Number(string cell) => long.Parse(cell, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
