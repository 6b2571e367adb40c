using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Factory.Ledger;

namespace Factory.ControlRoom;

/// <summary>The audit of the actor's tenants, filterable by tenant, action and target; read-only.</summary>
internal static class AuditScreen
{
    public static async Task ShowAsync(RoomRequest request)
    {
        long after = long.TryParse(request.Query("after"), NumberStyles.None, CultureInfo.InvariantCulture, out long a) ? a : 0;
        var query = new AuditQuery { Tenant = request.Query("tenant"), Action = request.Query("action"), Target = request.Query("target"), After = after, Limit = 500 };
        IReadOnlyList<AuditEntry> entries = await request.Ledger.ListAuditAsync(query, request.Http.RequestAborted).ConfigureAwait(false);
        await request.HtmlAsync(Layout.Page(request, "Audit", html =>
        {
            html.Open("form", ("method", "get"), ("action", request.Prefix + "/audit"), ("class", "filters"))
                .Open("label").Text("Tenant ").Void("input", ("name", "tenant"), ("value", query.Tenant)).Close("label")
                .Open("label").Text("Action ").Void("input", ("name", "action"), ("value", query.Action)).Close("label")
                .Open("label").Text("Target ").Void("input", ("name", "target"), ("value", query.Target)).Close("label")
                .Open("label").Text("After entry ").Void("input", ("name", "after"), ("type", "number"), ("value", after > 0 ? after.ToString(CultureInfo.InvariantCulture) : null)).Close("label")
                .Element("button", "Filter", ("type", "submit")).Close("form");
            html.Open("table", ("class", "audit")).HeaderRow("#", "Time", "Actor", "Action", "Tenant", "Target", "Detail").Open("tbody");
            foreach (AuditEntry e in entries)
            {
                html.Open("tr").Cell(e.Id).Open("td").Time(e.Time).Close("td").Cell(e.Actor).Cell(e.Action).Cell(e.Tenant ?? "-").Cell(e.Target).Cell(e.Detail, "detail").Close("tr");
            }

            html.Close("tbody").Close("table");
        })).ConfigureAwait(false);
    }
}
