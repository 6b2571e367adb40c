using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger;

namespace Factory.ControlRoom;

/// <summary>
/// One material's provenance: every station attempt (version, duration, outcome, model, tokens), its
/// parent and children, and its value as the ledger holds it (a dead letter's copy, whose
/// <c>[Sensitive]</c> members the runtime blanked and whose secrets the ledger redacted).
/// </summary>
internal static class MaterialScreen
{
    public static async Task ShowAsync(RoomRequest request)
    {
        string runId = request.Route("runId")!;
        if (!RoomRequest.TryParseId(request.Route("materialId"), out long materialId)
            || await request.Ledger.FindRunAsync(runId, request.Http.RequestAborted).ConfigureAwait(false) is not { } found)
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        ILedgerView view = found.View;
        IReadOnlyList<ExecutionRecord> attempts = await view.GetProvenanceAsync(runId, materialId, request.Http.RequestAborted).ConfigureAwait(false);
        long root = attempts.Count > 0 ? attempts[0].Root : materialId - 1;
        IReadOnlyList<MaterialRecord> family = await view.ListMaterialsAsync(runId, root, new PageQuery { Limit = 1000 }, request.Http.RequestAborted).ConfigureAwait(false);
        MaterialRecord? material = family.FirstOrDefault(m => m.Id == materialId);
        if (material is null && attempts.Count == 0)
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        IReadOnlyList<DeadLetterRecord> letters = await view.ListDeadLettersAsync(new DeadLetterQuery { RunId = runId, Status = null, Limit = 1000 }, request.Http.RequestAborted).ConfigureAwait(false);
        DeadLetterRecord? letter = letters.FirstOrDefault(l => l.MaterialId == materialId);
        string run = Uri.EscapeDataString(runId);

        await request.HtmlAsync(Layout.Page(request, $"Material {materialId} of run {runId}", html =>
        {
            html.Open("dl", ("class", "facts"))
                .Element("dt", "Run").Open("dd").Link($"{request.Prefix}/runs/{run}", runId).Close("dd")
                .Element("dt", "Outcome").Element("dd", material?.Outcome?.ToString() ?? "-")
                .Element("dt", "At station").Element("dd", material?.Station ?? "-")
                .Element("dt", "Input position").Element("dd", root.ToString(CultureInfo.InvariantCulture));
            if (material is { ParentId: > 0 } child)
            {
                html.Element("dt", "Parent").Open("dd").Link($"{request.Prefix}/runs/{run}/materials/{child.ParentId}", "material " + child.ParentId).Close("dd");
            }

            html.Close("dl");
            List<MaterialRecord> children = family.Where(m => m.ParentId == materialId).ToList();
            if (children.Count > 0)
            {
                html.Element("h2", "Children").Open("ul");
                foreach (MaterialRecord c in children)
                {
                    html.Open("li").Link($"{request.Prefix}/runs/{run}/materials/{c.Id}", $"material {c.Id}").Text($" {c.Outcome?.ToString() ?? "in flight"}").Close("li");
                }

                html.Close("ul");
            }

            html.Element("h2", "Provenance");
            html.Open("table", ("class", "provenance")).HeaderRow("Station", "Version", "Attempt", "Started", "Duration (ms)", "Outcome", "Model", "Tokens in", "Tokens out", "Error").Open("tbody");
            foreach (ExecutionRecord a in attempts)
            {
                html.Open("tr").Cell(a.Station).Cell(a.StationVersion).Cell(a.Attempt).Open("td").Time(a.Started).Close("td")
                    .Cell(a.Duration.TotalMilliseconds.ToString("N1", CultureInfo.InvariantCulture), "n").Cell(a.Outcome.ToString())
                    .Cell(a.Model ?? "-").Cell(a.InputTokens).Cell(a.OutputTokens)
                    .Cell(a.ExceptionType is null ? "" : $"{a.ExceptionType}: {a.Message}").Close("tr");
            }

            html.Close("tbody").Close("table");
            if (attempts.Count == 0)
            {
                Layout.Notice(html, found.Run.Purged is not null ? "The run was purged: its attempts are gone." : "No attempts recorded (the run's provenance level may be lower).");
            }

            if (letter is not null)
            {
                html.Element("h2", "Value as the ledger holds it").Open("p").Link($"{request.Prefix}/dead-letters/{letter.Id}", $"dead letter {letter.Id}").Close("p");
                DeadLetterScreen.Value(html, letter);
            }
        })).ConfigureAwait(false);
    }
}
