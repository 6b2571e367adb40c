using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger;

namespace Factory.ControlRoom;

/// <summary>One run: its facts, its line drawn with live per-station counts, the controls of a live run, its inputs.</summary>
internal static class RunScreen
{
    private const int InputsShown = 25;

    public static async Task ShowAsync(RoomRequest request)
    {
        string runId = request.Route("runId")!;
        if (await request.Ledger.FindRunAsync(runId, request.Http.RequestAborted).ConfigureAwait(false) is not { } found)
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        (RunRecord run, ILedgerView view) = found;
        ILiveRun? live = LiveFor(request, run);
        LineDescriptor? line = live?.Line ?? request.Room.Options.Lines.FirstOrDefault(l => l.TypeName == run.LineType)
            ?? request.Room.Options.Lines.FirstOrDefault(l => l.Name == run.Line);
        IReadOnlyList<InputRecord> inputs = await view.ListInputsAsync(runId, new PageQuery { Limit = InputsShown }, request.Http.RequestAborted).ConfigureAwait(false);
        IReadOnlyList<StationTotalsRecord> totals = await view.ListStationTotalsAsync([runId], request.Http.RequestAborted).ConfigureAwait(false);
        (string tokens, string cost) = RunsScreen.Spend(live, totals);
        string escaped = Uri.EscapeDataString(runId);

        await request.HtmlAsync(Layout.Page(request, "Run " + runId, html =>
        {
            html.Open("dl", ("class", "facts"));
            Fact(html, "Line", run.Line);
            Fact(html, "Tenant", run.Job.Tenant);
            Fact(html, "Job", run.Job.Id);
            Fact(html, "State", RunsScreen.State(run, live));
            Fact(html, "Started", run.Started.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            Fact(html, "Starts", run.Starts.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Fact(html, "Inputs", $"{run.InputsDone} of {run.Inputs} done, {run.DeadLetters} dead letters");
            Fact(html, "Per second", RunsScreen.Throughput(run));
            Fact(html, "Tokens", tokens);
            Fact(html, "Cost", cost);
            if (run.Error is not null)
            {
                Fact(html, "Error", run.Error);
            }

            html.Close("dl");
            bool controllable = live is not null ? !live.IsCompleted : run.Status == RunStatus.Running;
            if (controllable && request.Actor!.May(ControlRoomRole.Operator))
            {
                // A run held elsewhere is controlled through the ledger: its holder applies the request within about a second.
                bool paused = live?.IsPaused ?? run is { Control: RunControlRequest.Pause };
                html.Open("div", ("class", "controls"));
                string action = paused ? "resume" : "pause";
                Layout.Form(html, request, $"/runs/{escaped}/{action}").Element("button", paused ? "Resume" : "Pause", ("type", "submit"), ("id", action)).Close("form");
                Layout.Form(html, request, $"/runs/{escaped}/cancel").Element("button", "Cancel run", ("type", "submit"), ("id", "cancel"), ("class", "danger")).Close("form");
                html.Close("div");
            }

            html.Element("h2", "Line");
            if (line is null)
            {
                Layout.Notice(html, "This process does not know the line's descriptor: add it to ControlRoomOptions.Lines to draw it.");
            }
            else
            {
                Dictionary<string, StationStatus>? stations = live?.Stations.ToDictionary(s => s.Station.Path, StringComparer.Ordinal);
                html.Open("div", ("class", "drawing"), ("data-events", live is null ? null : $"{request.Prefix}/runs/{escaped}/events"));
                LineDrawing.Draw(html, line, stations);
                html.Close("div");
            }

            if (live is not null)
            {
                StationTable(html, live);
            }
            else if (totals.Count > 0)
            {
                TotalsTable(html, totals);
            }

            html.Element("h2", run.Inputs > InputsShown ? $"Inputs (the first {InputsShown} of {run.Inputs})" : "Inputs");
            html.Open("table", ("class", "inputs")).HeaderRow("Input", "Outcome", "Finished", "Delivered", "Dead-lettered", "Discarded", "Entries").Open("tbody");
            foreach (InputRecord input in inputs)
            {
                html.Open("tr").Open("td").Link($"{request.Prefix}/runs/{escaped}/materials/{input.MaterialId}", "material " + input.MaterialId).Close("td")
                    .Cell(input.Outcome?.ToString() ?? "in flight").Open("td").Time(input.Finished).Close("td")
                    .Cell(input.Delivered).Cell(input.DeadLettered).Cell(input.Discarded).Cell(input.Entries).Close("tr");
            }

            html.Close("tbody").Close("table");
            if (run.DeadLetters > 0)
            {
                html.Open("p").Link($"{request.Prefix}/dead-letters?run={escaped}", $"{run.DeadLetters} dead letters of this run").Close("p");
                if (request.Actor!.May(ControlRoomRole.Operator))
                {
                    Layout.Form(html, request, $"/runs/{escaped}/replay", "stacked")
                        .Open("label").Text("Reason ").Void("input", ("name", "reason")).Close("label")
                        .Element("button", "Dry run", ("type", "submit"), ("name", "dryRun"), ("value", "1"), ("id", "run-dry-run"))
                        .Element("button", "Replay the run's open dead letters", ("type", "submit"), ("id", "run-replay"))
                        .Close("form");
                }
            }
        })).ConfigureAwait(false);
    }

    /// <summary>The run's live counterpart in this process, when it is the same run (same tenant too).</summary>
    public static ILiveRun? LiveFor(RoomRequest request, RunRecord run) =>
        request.Room.LiveRuns.Find(run.RunId) is { } live && live.Tenant == run.Job.Tenant ? live : null;

    private static void StationTable(Html html, ILiveRun live)
    {
        html.Open("table", ("class", "stations")).HeaderRow("Station", "In", "Out", "Queued", "Dead-lettered", "Retries", "Tokens", "Cost", "p95").Open("tbody");
        foreach (StationStatus status in live.Stations)
        {
            string path = status.Station.Path;
            html.Open("tr", ("data-station-row", path)).Cell(path)
                .Open("td", ("class", "n"), ("data-field", "in")).Number(status.In).Close("td")
                .Open("td", ("class", "n"), ("data-field", "out")).Number(status.Out).Close("td")
                .Open("td", ("class", "n"), ("data-field", "queued")).Number(status.Queued).Close("td")
                .Open("td", ("class", "n"), ("data-field", "dead")).Number(status.DeadLettered).Close("td")
                .Open("td", ("class", "n"), ("data-field", "retries")).Number(status.Retries).Close("td")
                .Open("td", ("class", "n"), ("data-field", "tokens")).Number(status.InputTokens + status.OutputTokens).Close("td")
                .Open("td", ("class", "n"), ("data-field", "cost")).Text(Figures.Cost(status.Cost)).Close("td")
                .Open("td", ("class", "n"), ("data-field", "p95")).Text(Figures.Duration(status.P95Duration)).Close("td")
                .Close("tr");
        }

        html.Close("tbody").Close("table");
    }

    /// <summary>A run that is not live here: each station's attempts as the ledger's station totals add them up.</summary>
    private static void TotalsTable(Html html, IReadOnlyList<StationTotalsRecord> totals)
    {
        html.Open("table", ("class", "stations totals")).HeaderRow("Station", "Attempts", "Failed", "Tokens", "Cost", "p95").Open("tbody");
        foreach (StationTotalsRecord station in totals)
        {
            html.Open("tr", ("data-station-row", station.Station)).Cell(station.Station)
                .Cell(station.Attempts).Cell(station.Failed).Cell(station.InputTokens + station.OutputTokens)
                .Open("td", ("class", "n"), ("data-field", "cost")).Text(Figures.Cost(station.Cost)).Close("td")
                .Open("td", ("class", "n"), ("data-field", "p95")).Text(Figures.Duration(station.P95Duration)).Close("td")
                .Close("tr");
        }

        html.Close("tbody").Close("table");
    }

    private static void Fact(Html html, string name, string value) => html.Element("dt", name).Element("dd", value);
}
