using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Factory.ControlRoom;

/// <summary>One request the gatekeeper let through: who makes it, and what the screens need to answer it.</summary>
internal sealed class RoomRequest(HttpContext http, Room room, ControlRoomActor? actor)
{
    /// <summary>The one body every "not there" answers with, whatever was asked for: another tenant's record reads exactly like none.</summary>
    public const string NotFoundText = "Not found.";

    private ActorLedger? ledger;
    private string? formToken;

    public HttpContext Http { get; } = http;

    public Room Room { get; } = room;

    /// <summary>Who asks; null only on the endpoints anyone may call.</summary>
    public ControlRoomActor? Actor { get; } = actor;

    public string Prefix => Room.Prefix;

    /// <summary>The ledger as the actor may see it.</summary>
    public ActorLedger Ledger => ledger ??= new ActorLedger(Room.Ledger, Actor!);

    /// <summary>The token this page's forms carry (empty for an API key, which needs none).</summary>
    public string FormToken => formToken ??= Actor?.Session is { } session ? Room.FormToken.For(session) : "";

    public string? Route(string name) => Http.Request.RouteValues[name] as string;

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[0]) ? values[0] : null;

    public async Task<string?> FormAsync(string name)
    {
        if (!Http.Request.HasFormContentType)
        {
            return null;
        }

        IFormCollection form = await Http.Request.ReadFormAsync(Http.RequestAborted).ConfigureAwait(false);
        return form.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
    }

    public static bool TryParseId(string? text, out long id) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    public Task HtmlAsync(string html, int status = StatusCodes.Status200OK)
    {
        Http.Response.StatusCode = status;
        Http.Response.ContentType = "text/html; charset=utf-8";
        Http.Response.Headers.CacheControl = "no-store";
        return Http.Response.WriteAsync(html, Http.RequestAborted);
    }

    public Task PlainAsync(string text, int status)
    {
        Http.Response.StatusCode = status;
        Http.Response.ContentType = "text/plain; charset=utf-8";
        Http.Response.Headers.CacheControl = "no-store";
        return Http.Response.WriteAsync(text, Http.RequestAborted);
    }

    /// <summary>Not there, or not the actor's: the same status and the same bytes either way.</summary>
    public Task NotFoundAsync() => PlainAsync(NotFoundText, StatusCodes.Status404NotFound);

    /// <summary>After a form: back to a page (303, so a reload does not post again).</summary>
    public Task SeeOtherAsync(string path)
    {
        Http.Response.StatusCode = StatusCodes.Status303SeeOther;
        Http.Response.Headers.Location = Prefix + path;
        return Task.CompletedTask;
    }
}
