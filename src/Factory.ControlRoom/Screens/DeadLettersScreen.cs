using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger;

namespace Factory.ControlRoom;

/// <summary>The actor's dead letters, grouped by station and cause, and the letters of one group or run.</summary>
internal static class DeadLettersScreen
{
    public static async Task ShowAsync(RoomRequest request)
    {
        string? run = request.Query("run");
        string? station = request.Query("station");
        string? type = request.Query("type");
        string? pattern = request.Query("pattern");
        DeadLetterStatus? status = request.Query("status") switch
        {
            "all" => null,
            { } s when Enum.TryParse(s, out DeadLetterStatus parsed) && Enum.IsDefined(parsed) => parsed,
            _ => DeadLetterStatus.Open,
        };
        IReadOnlyList<DeadLetterRecord> letters = await request.Ledger.ListDeadLettersAsync(
            new DeadLetterQuery { RunId = run, Tenant = request.Query("tenant"), Station = station, Status = status, Limit = 5000 },
            request.Http.RequestAborted).ConfigureAwait(false);
        IReadOnlyList<DeadLetterGroups.Group> groups = DeadLetterGroups.Of(letters);
        List<DeadLetterRecord> shown = letters.Where(l => DeadLetterGroups.InGroup(l, station, type, pattern)).Take(200).ToList();

        await request.HtmlAsync(Layout.Page(request, "Dead letters", html =>
        {
            html.Open("p").Text($"{letters.Count} {(status?.ToString().ToLowerInvariant() ?? "")} dead letters{(run is null ? "" : " of run " + run)}. ")
                .Link($"{request.Prefix}/dead-letters?status=all", "Show every status").Close("p");
            html.Element("h2", "By station and cause");
            html.Open("table", ("class", "groups")).HeaderRow("Station", "Exception", "Message", "Count", "First", "Last", "").Open("tbody");
            foreach (DeadLetterGroups.Group g in groups)
            {
                string link = $"{request.Prefix}/dead-letters?station={Uri.EscapeDataString(g.Station)}&type={Uri.EscapeDataString(g.ExceptionType)}&pattern={Uri.EscapeDataString(g.Pattern)}"
                    + (run is null ? "" : "&run=" + Uri.EscapeDataString(run));
                html.Open("tr").Cell(g.Station).Cell(g.ExceptionType).Cell(g.Pattern).Cell(g.Count)
                    .Open("td").Time(g.First).Close("td").Open("td").Time(g.Last).Close("td")
                    .Open("td").Link(link, "letters").Close("td").Close("tr");
            }

            html.Close("tbody").Close("table");
            if (station is not null && type is not null && pattern is not null && status == DeadLetterStatus.Open && shown.Count > 0 && request.Actor!.May(ControlRoomRole.Operator))
            {
                GroupForm(html, request, station, type, pattern, run);
            }

            html.Element("h2", "Letters");
            html.Open("table", ("class", "letters")).HeaderRow("Letter", "Run", "Tenant", "Station", "Exception", "Time", "Status").Open("tbody");
            foreach (DeadLetterRecord l in shown)
            {
                html.Open("tr").Open("td").Link($"{request.Prefix}/dead-letters/{l.Id}", "#" + l.Id).Close("td")
                    .Open("td").Link($"{request.Prefix}/runs/{Uri.EscapeDataString(l.RunId)}", l.RunId).Close("td")
                    .Cell(l.Tenant).Cell(l.Station).Cell($"{l.ExceptionType}: {l.Message}").Open("td").Time(l.Time).Close("td").Cell(l.Status.ToString()).Close("tr");
            }

            html.Close("tbody").Close("table");
        })).ConfigureAwait(false);
    }

    /// <summary>Replaying the group shown: a dry run first, then the replay.</summary>
    private static void GroupForm(Html html, RoomRequest request, string station, string type, string pattern, string? run)
    {
        html.Element("h2", "Replay this group");
        Layout.Form(html, request, "/dead-letters/replay", "stacked")
            .Void("input", ("type", "hidden"), ("name", "station"), ("value", station))
            .Void("input", ("type", "hidden"), ("name", "type"), ("value", type))
            .Void("input", ("type", "hidden"), ("name", "pattern"), ("value", pattern))
            .Void("input", ("type", "hidden"), ("name", "run"), ("value", run ?? ""))
            .Open("label").Text("Reason ").Void("input", ("name", "reason")).Close("label")
            .Element("button", "Dry run", ("type", "submit"), ("name", "dryRun"), ("value", "1"), ("id", "group-dry-run"))
            .Element("button", "Replay the group's open dead letters", ("type", "submit"), ("id", "group-replay"))
            .Close("form");
    }
}
