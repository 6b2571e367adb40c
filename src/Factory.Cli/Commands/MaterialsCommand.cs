using System.Collections.Generic;
using System.CommandLine;
using Factory.Cli.Output;
using Factory.Ledger;
using Spectre.Console;

namespace Factory.Cli.Commands;

/// <summary><c>factory materials RUNID</c>: a run's materials, by id, narrowed by the station or the outcome.</summary>
internal static class MaterialsCommand
{
    private const int Page = 1000;

    public static Command Create(CliHost host, GlobalOptions options)
    {
        var runId = new Argument<string>("RUNID") { Description = "The run's id." };
        var station = new Option<string?>("--station") { Description = "Only materials whose outcome was at this station (its path)." };
        var outcome = new Option<string?>("--outcome") { Description = "Only materials with this outcome: delivered, dead-lettered, discarded, split." };
        var limit = new Option<int>("--limit") { Description = "At most this many.", DefaultValueFactory = _ => 1000 };
        var command = new Command("materials", "A run's materials.\nExample: factory materials triage-2026-12-07 --outcome dead-lettered --ledger factory.db --tenant acme") { runId, station, outcome, limit };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            MaterialOutcome? wanted = parse.GetValue(outcome) is { } word ? Words.ParseMaterialOutcome(word) : null;
            string? at = parse.GetValue(station);
            int most = parse.GetValue(limit);
            RunRecord run = await RunCommand.FindAsync(session, parse.GetValue(runId)!, cancellationToken).ConfigureAwait(false);
            var found = new List<MaterialRecord>();
            for (int offset = 0; found.Count < most; offset += Page)
            {
                IReadOnlyList<MaterialRecord> page = await session.View.ListMaterialsAsync(run.RunId, null, new PageQuery { Limit = Page, Offset = offset }, cancellationToken).ConfigureAwait(false);
                foreach (MaterialRecord material in page)
                {
                    if ((wanted is null || material.Outcome == wanted) && (at is null || material.Station == at) && found.Count < most)
                    {
                        found.Add(material);
                    }
                }

                if (page.Count < Page)
                {
                    break;
                }
            }

            Print(session.Screen, run, found);
            return ExitCode.Ok;
        }));
        return command;
    }

    private static void Print(Screen screen, RunRecord run, List<MaterialRecord> materials)
    {
        if (screen.IsJson)
        {
            screen.Json(json =>
            {
                json.WriteStartObject();
                json.WriteString("runId", run.RunId);
                json.WriteStartArray("materials");
                foreach (MaterialRecord material in materials)
                {
                    RecordJson.Material(json, material);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return;
        }

        if (materials.Count == 0)
        {
            screen.Line(run.Purged is null ? $"no materials of run {run.RunId} match" : $"run {run.RunId} was purged: its materials are gone");
            return;
        }

        Table table = Screen.Table("material", "parent", "input", "outcome", "station");
        foreach (MaterialRecord material in materials)
        {
            Screen.Row(
                table,
                Screen.Cell(material.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Screen.Cell(material.ParentId == 0 ? "-" : material.ParentId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Screen.Cell(material.Root.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                material.Outcome is { } outcome ? Screen.Word(Words.Of(outcome)) : Screen.Cell("in flight"),
                Screen.Cell(material.Station));
        }

        screen.Write(table);
    }
}
