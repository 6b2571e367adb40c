using System;
using System.Globalization;
using System.Threading.Tasks;
using Factory.Ledger;
using Microsoft.AspNetCore.Http;

namespace Factory.ControlRoom;

/// <summary>Who may sign in (names, roles, tenants: never a hash), and purging old runs' provenance.</summary>
internal static class AdminScreen
{
    public static Task ShowAsync(RoomRequest request) => request.HtmlAsync(Page(request, null));

    public static async Task PurgeAsync(RoomRequest request)
    {
        ControlRoomActor actor = request.Actor!;
        if (!actor.AllTenants)
        {
            // A purge reaches every tenant's runs: only an admin of every tenant may start one.
            await request.Room.Audit.WriteAsync(actor.Name, RoomAudit.Refused, "ledger", null, null, null, "purge needs an admin of every tenant").ConfigureAwait(false);
            await request.PlainAsync("A purge reaches every tenant's runs: it needs an admin of every tenant.", StatusCodes.Status403Forbidden).ConfigureAwait(false);
            return;
        }

        if (!int.TryParse(await request.FormAsync("days").ConfigureAwait(false), NumberStyles.None, CultureInfo.InvariantCulture, out int days) || days < 1)
        {
            await request.HtmlAsync(Page(request, "Give the age in whole days (1 or more)."), StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        // The ledger audits the purge itself, with the counts.
        PurgeReport report = await request.Room.Ledger.PurgeAsync(DateTimeOffset.UtcNow.AddDays(-days), actor.Name, request.Http.RequestAborted).ConfigureAwait(false);
        await request.HtmlAsync(Page(request, "Purged: " + report)).ConfigureAwait(false);
    }

    private static string Page(RoomRequest request, string? notice) => Layout.Page(request, "Admin", html =>
    {
        Layout.Notice(html, notice);
        ControlRoomOptions options = request.Room.Options;
        html.Element("h2", "Users").Open("table").HeaderRow("Name", "Role", "Tenants", "Gate permissions").Open("tbody");
        foreach (ControlRoomUser user in options.Users)
        {
            html.Open("tr").Cell(user.Name).Cell(user.Role.ToString()).Cell(string.Join(", ", user.Tenants)).Cell(string.Join(", ", user.Permissions)).Close("tr");
        }

        html.Close("tbody").Close("table").Element("h2", "API keys").Open("table").HeaderRow("Name", "Role", "Tenants").Open("tbody");
        foreach (ControlRoomApiKey key in options.ApiKeys)
        {
            html.Open("tr").Cell(key.Name).Cell(key.Role.ToString()).Cell(string.Join(", ", key.Tenants)).Close("tr");
        }

        html.Close("tbody").Close("table");
        html.Element("p", "Users and keys come from the application's configuration; change them there.");
        html.Element("h2", "Purge");
        Layout.Form(html, request, "/admin/purge", "stacked")
            .Open("label").Text("Remove materials and attempts of runs that ended more than this many days ago ").Void("input", ("name", "days"), ("type", "number"), ("min", "1"), ("value", "30")).Close("label")
            .Element("button", "Purge", ("type", "submit"), ("class", "danger")).Close("form");
    });
}
