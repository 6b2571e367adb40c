using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Cli.Output;
using Factory.Gates;
using Factory.Ledger;
using Spectre.Console;

namespace Factory.Cli.Commands;

/// <summary>
/// <c>factory provenance RUNID MATERIAL</c>: every attempt on one material (station, version, attempt,
/// model, tokens, outcome), and the values the ledger keeps of it — a dead letter's input, a payload
/// waiting at a gate — printed as JSON. The ledger stores them with secrets redacted and
/// <c>[Sensitive]</c> members blank, so that is what is shown.
/// </summary>
internal static class ProvenanceCommand
{
    public static Command Create(CliHost host, GlobalOptions options)
    {
        var runId = new Argument<string>("RUNID") { Description = "The run's id." };
        var materialId = new Argument<long>("MATERIAL") { Description = "The material's id (factory materials lists them)." };
        var command = new Command("provenance", "Every attempt on one material, and its values as JSON.\nExample: factory provenance triage-2026-12-07 12 --ledger factory.db --tenant acme") { runId, materialId };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            RunRecord run = await RunCommand.FindAsync(session, parse.GetValue(runId)!, cancellationToken).ConfigureAwait(false);
            long id = parse.GetValue(materialId);
            IReadOnlyList<ExecutionRecord> attempts = await session.View.GetProvenanceAsync(run.RunId, id, cancellationToken).ConfigureAwait(false);
            MaterialRecord? material = await FindMaterialAsync(session.View, run.RunId, id, attempts, cancellationToken).ConfigureAwait(false);
            if (material is null && attempts.Count == 0)
            {
                throw CliException.NotFound($"Run {run.RunId} has no material {id}{(run.Purged is null ? string.Empty : " (its materials were purged)")}: list them with 'factory materials {run.RunId}'.");
            }

            IReadOnlyList<DeadLetterRecord> letters = await session.View.ListDeadLettersAsync(new DeadLetterQuery { RunId = run.RunId, Status = null, Limit = 10_000 }, cancellationToken).ConfigureAwait(false);
            DeadLetterRecord? letter = letters.FirstOrDefault(l => l.MaterialId == id);
            IReadOnlyList<GateItem> waiting = await session.Ledger.Gates.WaitingAsync(run.RunId, cancellationToken).ConfigureAwait(false);
            GateItem? parked = waiting.FirstOrDefault(item => item.Key.MaterialId == id);
            string? parkedJson = parked is null ? null : GatePayloads.Json(parked.Payload, session.Host.Inputs);
            Print(session.Screen, run, id, material, attempts, letter, parked, parkedJson);
            return ExitCode.Ok;
        }));
        return command;
    }

    /// <summary>The material's row: its attempts say which input it descends from; a root's input is its id less one.</summary>
    private static async Task<MaterialRecord?> FindMaterialAsync(ILedgerView view, string runId, long id, IReadOnlyList<ExecutionRecord> attempts, CancellationToken cancellationToken)
    {
        long root = attempts.Count > 0 ? attempts[0].Root : id - 1;
        IReadOnlyList<MaterialRecord> family = await view.ListMaterialsAsync(runId, root, new PageQuery { Limit = 100_000 }, cancellationToken).ConfigureAwait(false);
        return family.FirstOrDefault(m => m.Id == id);
    }

    private static void Print(Screen screen, RunRecord run, long id, MaterialRecord? material, IReadOnlyList<ExecutionRecord> attempts, DeadLetterRecord? letter, GateItem? parked, string? parkedJson)
    {
        if (screen.IsJson)
        {
            screen.Json(json =>
            {
                json.WriteStartObject();
                json.WriteString("runId", run.RunId);
                json.WriteNumber("materialId", id);
                json.WritePropertyName("material");
                if (material is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    RecordJson.Material(json, material);
                }

                json.WriteStartArray("attempts");
                foreach (ExecutionRecord attempt in attempts)
                {
                    RecordJson.Attempt(json, attempt);
                }

                json.WriteEndArray();
                json.WritePropertyName("deadLetter");
                if (letter is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    RecordJson.DeadLetter(json, letter, withInput: true);
                }

                json.WritePropertyName("gate");
                if (parked is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    json.WriteStartObject();
                    json.WriteString("gate", parked.Key.Gate);
                    json.WritePropertyName("payload");
                    RecordJson.Value(json, parkedJson);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            });
            return;
        }

        string outcome = material?.Outcome is { } o ? Words.Of(o) : "in flight";
        screen.Heading($"material {id} of run {run.RunId}: {outcome}{(material?.Station is { } s ? " at " + s : string.Empty)}");
        if (material is { ParentId: not 0 })
        {
            screen.Line($"split from material {material.ParentId}; input {material.Root}");
        }

        Table table = Screen.Table("station", "version", "attempt", "start", "started", "duration", "outcome", "model", "tokens in", "tokens out", "error");
        foreach (ExecutionRecord attempt in attempts)
        {
            Screen.Row(
                table,
                Screen.Cell(attempt.Station),
                Screen.Cell(attempt.StationVersion),
                Screen.Cell(attempt.Attempt.ToString(CultureInfo.InvariantCulture)),
                Screen.Cell(attempt.Start.ToString(CultureInfo.InvariantCulture)),
                Screen.Cell(Words.Time(attempt.Started)),
                Screen.Cell(Words.Duration(attempt.Duration)),
                Screen.Word(Words.Of(attempt.Outcome)),
                Screen.Cell(attempt.Model),
                Screen.Cell(Words.Number(attempt.InputTokens)),
                Screen.Cell(Words.Number(attempt.OutputTokens)),
                Screen.Cell(attempt.ExceptionType is null ? null : $"{attempt.ExceptionType}: {attempt.Message}"));
        }

        screen.Write(table);
        if (letter is not null)
        {
            screen.Heading($"dead letter {letter.Id} ({Words.Of(letter.Status)}), input {letter.InputType}:");
            screen.Line(letter.InputJson is null ? $"(no value: {Words.Of(letter.InputStatus)})" : Screen.Pretty(letter.InputJson));
        }

        if (parked is not null)
        {
            screen.Heading($"waiting at gate {parked.Key.Gate}, payload:");
            screen.Line(parkedJson is null ? "null" : Screen.Pretty(parkedJson));
        }
    }
}
