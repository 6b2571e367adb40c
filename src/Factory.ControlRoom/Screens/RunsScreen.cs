using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger;

namespace Factory.ControlRoom;

/// <summary>The runs the actor may see, newest first, filtered by tenant, line, state and time.</summary>
internal static class RunsScreen
{
    private static readonly (string Value, string Label, TimeSpan? Span)[] Times =
    [
        ("", "any time", null),
        ("1h", "last hour", TimeSpan.FromHours(1)),
        ("24h", "last day", TimeSpan.FromDays(1)),
        ("7d", "last week", TimeSpan.FromDays(7)),
    ];

    public static async Task ShowAsync(RoomRequest request)
    {
        string? tenant = request.Query("tenant");
        string? line = request.Query("line");
        RunStatus? status = Enum.TryParse(request.Query("state"), out RunStatus parsed) && Enum.IsDefined(parsed) ? parsed : null;
        TimeSpan? since = Times.FirstOrDefault(t => t.Value == request.Query("since")).Span;
        var query = new RunQuery { Tenant = tenant, Line = line, Status = status, Limit = 200 };
        IReadOnlyList<RunRecord> runs = await request.Ledger.ListRunsAsync(query, request.Http.RequestAborted).ConfigureAwait(false);
        if (since is { } span)
        {
            DateTimeOffset cutoff = DateTimeOffset.UtcNow - span;
            runs = runs.Where(r => r.LastStarted >= cutoff || r.Ended is null || r.Ended >= cutoff).ToArray();
        }

        ILookup<string, StationTotalsRecord> totals = (await request.Ledger.ListStationTotalsAsync(runs, request.Http.RequestAborted).ConfigureAwait(false))
            .ToLookup(t => t.RunId, StringComparer.Ordinal);
        await request.HtmlAsync(Layout.Page(request, "Runs", html =>
        {
            Filters(html, request, tenant, line, status);
            html.Open("table", ("class", "runs")).HeaderRow("Run", "Line", "Tenant", "State", "Started", "Ended", "Inputs", "Done", "Dead letters", "Per second", "Tokens", "Cost");
            html.Open("tbody");
            foreach (RunRecord run in runs)
            {
                ILiveRun? live = request.Room.LiveRuns.Find(run.RunId);
                html.Open("tr").Open("td").Link($"{request.Prefix}/runs/{Uri.EscapeDataString(run.RunId)}", run.RunId).Close("td")
                    .Cell(run.Line).Cell(run.Job.Tenant).Cell(State(run, live), "state")
                    .Open("td").Time(run.Started).Close("td").Open("td").Time(run.Ended).Close("td")
                    .Cell(run.Inputs).Cell(run.InputsDone).Cell(run.DeadLetters).Cell(Throughput(run), "n");
                (string tokens, string cost) = Spend(live, totals[run.RunId]);
                html.Cell(tokens, "n").Cell(cost, "n").Close("tr");
            }

            html.Close("tbody").Close("table");
            if (runs.Count == 0)
            {
                Layout.Notice(html, "No runs match.");
            }
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// The state a run is in: the ledger's, and "paused" or "live" for a live run of this process; for
    /// a running run held elsewhere, the last request made through the ledger and whether its holder applied it.
    /// </summary>
    public static string State(RunRecord run, ILiveRun? live)
    {
        string state = run.Status.ToString();
        if (live is not null)
        {
            return live.IsPaused ? state + " (paused)" : state + " (live)";
        }

        return (run.Status, run.Control, run.ControlApplied) switch
        {
            (RunStatus.Running, RunControlRequest.Pause, true) => state + " (paused)",
            (RunStatus.Running, { } asked, false) => state + $" ({asked.ToString().ToLowerInvariant()} requested)",
            _ => state,
        };
    }

    /// <summary>Inputs done per second over the run's time so far.</summary>
    public static string Throughput(RunRecord run)
    {
        double seconds = ((run.Ended ?? DateTimeOffset.UtcNow) - run.Started).TotalSeconds;
        return seconds <= 0 ? "-" : (run.InputsDone / seconds).ToString("N1", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A run's tokens and cost: a live run's from its stations now, another's from the ledger's station
    /// totals ("-" for a run the ledger kept none of: recorded before it did).
    /// </summary>
    public static (string Tokens, string Cost) Spend(ILiveRun? live, IEnumerable<StationTotalsRecord> totals)
    {
        if (live is not null)
        {
            return (Number(live.Stations.Sum(s => s.InputTokens + s.OutputTokens)), Figures.Cost(live.Stations.Sum(s => s.Cost)));
        }

        StationTotalsRecord[] stations = totals.ToArray();
        return stations.Length == 0
            ? ("-", "-")
            : (Number(stations.Sum(s => s.InputTokens + s.OutputTokens)), Figures.Cost(stations.Sum(s => s.Cost)));
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static void Filters(Html html, RoomRequest request, string? tenant, string? line, RunStatus? status)
    {
        html.Open("form", ("method", "get"), ("action", request.Prefix + "/"), ("class", "filters"));
        ControlRoomActor actor = request.Actor!;
        html.Open("label").Text("Tenant ");
        if (actor.AllTenants)
        {
            html.Void("input", ("name", "tenant"), ("value", tenant));
        }
        else
        {
            html.Open("select", ("name", "tenant")).Element("option", "all mine", ("value", ""));
            foreach (string t in actor.Tenants)
            {
                html.Element("option", t, ("value", t), ("selected", t == tenant ? "selected" : null));
            }

            html.Close("select");
        }

        html.Close("label").Open("label").Text("Line ").Void("input", ("name", "line"), ("value", line)).Close("label");
        html.Open("label").Text("State ").Open("select", ("name", "state")).Element("option", "any", ("value", ""));
        foreach (RunStatus s in Enum.GetValues<RunStatus>())
        {
            html.Element("option", s.ToString(), ("value", s.ToString()), ("selected", s == status ? "selected" : null));
        }

        html.Close("select").Close("label").Open("label").Text("Time ").Open("select", ("name", "since"));
        foreach ((string value, string label, _) in Times)
        {
            html.Element("option", label, ("value", value), ("selected", value == (request.Query("since") ?? "") ? "selected" : null));
        }

        html.Close("select").Close("label").Element("button", "Filter", ("type", "submit")).Close("form");
    }
}
