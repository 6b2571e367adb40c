using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Cli.Output;
using Factory.Ledger;
using Spectre.Console;

namespace Factory.Cli.Commands;

/// <summary>
/// <c>factory run show RUNID</c>: the run's report, its inputs' outcomes and, per station, attempts,
/// failures, time, tokens, versions and models, summed from the run's provenance.
/// </summary>
internal static class RunCommand
{
    private const int Page = 1000;

    public static Command Create(CliHost host, GlobalOptions options)
    {
        var runId = new Argument<string>("RUNID") { Description = "The run's id (factory runs lists them)." };
        var show = new Command("show", "A run's report: inputs' outcomes, and per station attempts, failures, durations, tokens.\nExample: factory run show triage-2026-12-07 --ledger factory.db --tenant acme") { runId };
        show.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            RunRecord run = await FindAsync(session, parse.GetValue(runId)!, cancellationToken).ConfigureAwait(false);
            Dictionary<string, long> outcomes = await InputOutcomesAsync(session.View, run.RunId, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<StationTally> stations = await StationsAsync(session.View, run.RunId, cancellationToken).ConfigureAwait(false);
            Print(session.Screen, run, outcomes, stations);
            return ExitCode.Ok;
        }));
        return new Command("run", "One run: its report, or its live counts.") { show, RunWatch.Create(host, options) };
    }

    /// <summary>The run, or exit 2 naming it and where it was looked for.</summary>
    public static async Task<RunRecord> FindAsync(Session session, string runId, CancellationToken cancellationToken) =>
        await session.View.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw CliException.NotFound($"No run {runId} {session.Where}: list the runs with 'factory runs'.");

    private static async Task<Dictionary<string, long>> InputOutcomesAsync(ILedgerView view, string runId, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int offset = 0; ; offset += Page)
        {
            IReadOnlyList<InputRecord> inputs = await view.ListInputsAsync(runId, new PageQuery { Limit = Page, Offset = offset }, cancellationToken).ConfigureAwait(false);
            foreach (InputRecord input in inputs)
            {
                string word = input.Outcome is { } outcome ? Words.Of(outcome) : "no outcome yet";
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }

            if (inputs.Count < Page)
            {
                return counts;
            }
        }
    }

    /// <summary>Every material's attempts, summed per station in the order stations first ran.</summary>
    private static async Task<IReadOnlyList<StationTally>> StationsAsync(ILedgerView view, string runId, CancellationToken cancellationToken)
    {
        var stations = new Dictionary<string, StationTally>(StringComparer.Ordinal);
        var order = new List<StationTally>();
        StationTally Of(string station)
        {
            if (!stations.TryGetValue(station, out StationTally? tally))
            {
                tally = new StationTally(station);
                stations.Add(station, tally);
                order.Add(tally);
            }

            return tally;
        }

        for (int offset = 0; ; offset += Page)
        {
            IReadOnlyList<MaterialRecord> materials = await view.ListMaterialsAsync(runId, null, new PageQuery { Limit = Page, Offset = offset }, cancellationToken).ConfigureAwait(false);
            foreach (MaterialRecord material in materials)
            {
                foreach (ExecutionRecord attempt in await view.GetProvenanceAsync(runId, material.Id, cancellationToken).ConfigureAwait(false))
                {
                    Of(attempt.Station).Add(attempt);
                }

                if (material is { Outcome: { } outcome, Station: { } station })
                {
                    Of(station).Add(outcome);
                }
            }

            if (materials.Count < Page)
            {
                return order;
            }
        }
    }

    private static void Print(Screen screen, RunRecord run, Dictionary<string, long> outcomes, IReadOnlyList<StationTally> stations)
    {
        if (screen.IsJson)
        {
            screen.Json(json =>
            {
                json.WriteStartObject();
                json.WritePropertyName("run");
                RecordJson.Run(json, run);
                json.WriteStartObject("inputs");
                foreach ((string outcome, long count) in outcomes.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    json.WriteNumber(outcome, count);
                }

                json.WriteEndObject();
                json.WriteStartArray("stations");
                foreach (StationTally station in stations)
                {
                    json.WriteStartObject();
                    json.WriteString("station", station.Station);
                    json.WriteString("versions", station.Versions);
                    json.WriteNumber("attempts", station.Attempts);
                    json.WriteNumber("succeeded", station.Succeeded);
                    json.WriteNumber("failed", station.Failed);
                    json.WriteNumber("timedOut", station.TimedOut);
                    json.WriteNumber("deadLettered", station.DeadLettered);
                    json.WriteNumber("discarded", station.Discarded);
                    json.WriteNumber("split", station.Split);
                    json.WriteNumber("meanMs", station.Mean.TotalMilliseconds);
                    json.WriteNumber("longestMs", station.Longest.TotalMilliseconds);
                    json.WriteNumber("inputTokens", station.InputTokens);
                    json.WriteNumber("outputTokens", station.OutputTokens);
                    json.WriteString("models", station.Models);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return;
        }

        screen.Fields(
            "run " + run.RunId,
            [
                ("line", $"{run.Line} ({run.LineType})"),
                ("line hash", run.LineHash),
                ("tenant", run.Job.Tenant),
                ("job", run.Job.Id),
                ("status", Words.Of(run.Status)),
                ("started", Words.Time(run.Started)),
                ("ended", Words.Time(run.Ended)),
                ("starts", Words.Number(run.Starts)),
                ("provenance", run.Provenance.ToString()),
                ("inputs", string.Join(", ", outcomes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{Words.Number(pair.Value)} {pair.Key}"))),
                ("dead letters", Words.Number(run.DeadLetters)),
                ("error", run.Error),
            ]);
        if (run.Purged is { } purged)
        {
            screen.Line($"its materials and attempts were purged at {Words.Time(purged)}: no per-station figures");
            return;
        }

        Table table = Screen.Table("station", "version", "attempts", "ok", "failed", "timed out", "dead-lettered", "mean", "longest", "tokens in", "tokens out", "model");
        foreach (StationTally station in stations)
        {
            Screen.Row(
                table,
                Screen.Cell(station.Station),
                Screen.Cell(station.Versions),
                Screen.Cell(Words.Number(station.Attempts)),
                Screen.Cell(Words.Number(station.Succeeded)),
                Screen.Cell(Words.Number(station.Failed)),
                Screen.Cell(Words.Number(station.TimedOut)),
                Screen.Cell(Words.Number(station.DeadLettered)),
                Screen.Cell(Words.Duration(station.Mean)),
                Screen.Cell(Words.Duration(station.Longest)),
                Screen.Cell(Words.Number(station.InputTokens)),
                Screen.Cell(Words.Number(station.OutputTokens)),
                Screen.Cell(station.Models));
        }

        screen.Write(table);
    }
}
