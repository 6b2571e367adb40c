using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using Factory.Cli.Output;
using Factory.Quality;
using Spectre.Console;

namespace Factory.Cli.Commands;

/// <summary>
/// <c>factory quality</c>: defect rates per tenant, station and full station version (declared version
/// and code hash), over every verdict the scope may see (people's reviews and automatic inspectors'),
/// each with its Wilson 95% interval, overall or per time window.
/// </summary>
internal static class QualityCommand
{
    public static Command Create(CliHost host, GlobalOptions options)
    {
        var station = new Option<string?>("--station") { Description = "Only this station's (its path)." };
        var since = new Option<string?>("--since") { Description = "Only verdicts since: a UTC time (2026-12-07T06:00Z) or a span back from now (30m, 12h, 7d)." };
        var window = new Option<string?>("--window") { Description = "A rate per window of this length (30m, 12h, 7d), counted from --since. Default: one rate over all." };
        var inspector = new Option<string?>("--inspector") { Description = "Only this inspector's verdicts (a reviewer's name, or an automatic inspector's)." };
        var command = new Command(
            "quality",
            "Defect rates per station version and tenant, with their Wilson 95% intervals.\nExample: factory quality --station Classify --since 7d --window 1d --ledger factory.db --tenant acme")
        { station, since, window, inspector };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            string? length = parse.GetValue(window);
            TimeSpan? span = length is null ? null : RunsCommand.Span(length) is { } value && value > TimeSpan.Zero
                ? value
                : throw CliException.Usage($"--window {length} is not a span longer than zero: write e.g. 30m, 12h or 7d.");
            var query = new DefectRateQuery
            {
                Station = parse.GetValue(station),
                Since = RunsCommand.Since(parse.GetValue(since), DateTimeOffset.UtcNow),
                Window = span,
                Inspector = parse.GetValue(inspector),
            };
            IReadOnlyList<DefectRate> rates = await session.View.Quality.DefectRatesAsync(query, cancellationToken).ConfigureAwait(false);
            Print(session.Screen, rates, windowed: span is not null);
            return ExitCode.Ok;
        }));
        return command;
    }

    private static void Print(Screen screen, IReadOnlyList<DefectRate> rates, bool windowed)
    {
        if (screen.IsJson)
        {
            screen.Json(json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("rates");
                foreach (DefectRate rate in rates)
                {
                    QualityJson.Rate(json, rate);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return;
        }

        if (rates.Count == 0)
        {
            screen.Line("nothing inspected yet: review samples with 'factory reviews', or wire an inspector (docs/quality.md)");
            return;
        }

        Table table = Screen.Table("tenant", "station", "version", "code hash", windowed ? "window" : "verdicts", "inspected", "defects", "rate", "95% interval");
        foreach (DefectRate rate in rates)
        {
            (string declared, string? hash) = QualityJson.Split(rate.StationVersion);
            Screen.Row(
                table,
                Screen.Cell(rate.Tenant),
                Screen.Cell(rate.Station),
                Screen.Cell(declared),
                Screen.Cell(hash ?? "-"),
                Screen.Cell($"{Words.Time(rate.From)} – {Words.Time(rate.To)}"),
                Screen.Cell(Words.Number(rate.Inspected)),
                Screen.Cell(Words.Number(rate.Defects)),
                Screen.Cell(Percent(rate.Rate)),
                Screen.Cell($"{Percent(rate.Interval.Low)} – {Percent(rate.Interval.High)}"));
        }

        screen.Write(table);
    }

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
