using System;
using System.Linq;
using System.Net;
using System.Security.Claims;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Factory.ControlRoom;

/// <summary>
/// Every request of the console passes here before its screen: the security headers; loopback only
/// when the console is closed; who is asking (an API key, else the session cookie); the permission
/// table; and, for an unsafe request from a cookie session, the same-origin checks and the form token.
/// Every refusal is written to the ledger's audit.
/// </summary>
internal static class Gatekeeper
{
    public static async Task HandleAsync(HttpContext http, string endpoint, ControlRoomRole? least, Func<RoomRequest, Task> screen)
    {
        Room room = http.RequestServices.GetRequiredService<Room>();
        SecurityHeaders.Apply(http.Response);
        string target = http.Request.Method + " " + http.Request.Path.Value;

        if (room.Options.IsClosed && !IsLoopback(http))
        {
            await room.Audit.WriteAsync("anonymous", RoomAudit.Refused, target, null, null, null, "not from loopback, and the console has no sign-in configured").ConfigureAwait(false);
            await Refuse(http, StatusCodes.Status403Forbidden, "The Factory control room has no sign-in configured, so it answers only on loopback.").ConfigureAwait(false);
            return;
        }

        (ControlRoomActor? actor, string? keyName) = await AuthenticateAsync(http, room).ConfigureAwait(false);
        if (actor is null && keyName is not null)
        {
            await room.Audit.WriteAsync("api-key", RoomAudit.SignInRefused, target, null, null, null, "an API key that matches none").ConfigureAwait(false);
            await Refuse(http, StatusCodes.Status401Unauthorized, "The API key matches none.").ConfigureAwait(false);
            return;
        }

        if (least is { } role)
        {
            if (actor is null)
            {
                if (HttpMethods.IsGet(http.Request.Method) && endpoint != "GET /runs/{runId}/events")
                {
                    http.Response.StatusCode = StatusCodes.Status303SeeOther;
                    http.Response.Headers.Location = ReturnAddress.SignInFor(room.Prefix, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "");
                    return;
                }

                await room.Audit.WriteAsync("anonymous", RoomAudit.Refused, target, null, null, null, "not signed in").ConfigureAwait(false);
                await Refuse(http, StatusCodes.Status401Unauthorized, "Sign in first.").ConfigureAwait(false);
                return;
            }

            if (!actor.May(role))
            {
                await room.Audit.WriteAsync(actor.Name, RoomAudit.Refused, target, null, null, null, $"needs the role {role}, has {actor.Role}").ConfigureAwait(false);
                await Refuse(http, StatusCodes.Status403Forbidden, $"This needs the role {role}; you are {actor.Role}.").ConfigureAwait(false);
                return;
            }
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && actor?.Kind != SignInKind.ApiKey)
        {
            string? forged = await ForgeryAsync(http, room, actor).ConfigureAwait(false);
            if (forged is not null)
            {
                await room.Audit.WriteAsync(actor?.Name ?? "anonymous", RoomAudit.Refused, target, null, null, null, forged).ConfigureAwait(false);
                await Refuse(http, StatusCodes.Status403Forbidden, "Refused: " + forged + ". Reload the page and try again.").ConfigureAwait(false);
                return;
            }
        }

        await screen(new RoomRequest(http, room, actor)).ConfigureAwait(false);
    }

    /// <summary>Why an unsafe request looks forged (another site, no or a wrong form token), or null when it does not.</summary>
    private static async Task<string?> ForgeryAsync(HttpContext http, Room room, ControlRoomActor? actor)
    {
        // Browsers say where a request comes from; a request another site made says so.
        string? fetchSite = http.Request.Headers["Sec-Fetch-Site"];
        if (fetchSite is not null && fetchSite != "same-origin" && fetchSite != "none")
        {
            return $"a {fetchSite} request";
        }

        StringValues origin = http.Request.Headers.Origin;
        if (origin.Count > 0 && !string.Equals(origin[0], http.Request.Scheme + "://" + http.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return "a request from another origin";
        }

        if (actor?.Session is not { } session)
        {
            // Signing in: there is no session yet to bind a token to; the same-origin checks above hold.
            return null;
        }

        string? token = http.Request.Headers[FormToken.Header];
        if (token is null && http.Request.HasFormContentType)
        {
            IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            token = form[FormToken.Field];
        }

        return room.FormToken.IsValid(session, token) ? null : "the form token is missing or not this session's";
    }

    /// <summary>The actor, from an API key (which wins) or the session cookie; the key's header when a key was sent but matched none.</summary>
    private static async Task<(ControlRoomActor? Actor, string? FailedKey)> AuthenticateAsync(HttpContext http, Room room)
    {
        string? key = http.Request.Headers[room.Options.ApiKeyHeader];
        if (!string.IsNullOrEmpty(key))
        {
            // Every key is compared, matched or not, so the time taken does not say which key came close.
            ControlRoomApiKey? found = null;
            foreach (ControlRoomApiKey candidate in room.Options.ApiKeys)
            {
                if (ControlRoomSecrets.VerifyApiKey(key, candidate.KeyHash))
                {
                    found = candidate;
                }
            }

            return found is null
                ? (null, room.Options.ApiKeyHeader)
                : (new ControlRoomActor(found.Name, found.Role, found.Tenants, found.Permissions, SignInKind.ApiKey, null), null);
        }

        AuthenticateResult result = await http.AuthenticateAsync(ControlRoomSchemes.Cookie).ConfigureAwait(false);
        return (result.Succeeded ? SessionActor(result.Principal, room) : null, null);
    }

    private static ControlRoomActor? SessionActor(ClaimsPrincipal principal, Room room)
    {
        string? name = principal.FindFirstValue(ClaimTypes.Name);
        string? session = principal.FindFirstValue(ControlRoomSchemes.SessionClaim);
        if (name is null || session is null || !Enum.TryParse(principal.FindFirstValue(ControlRoomSchemes.RoleClaim), out ControlRoomRole role))
        {
            return null;
        }

        if (principal.FindFirstValue(ControlRoomSchemes.SourceClaim) == SessionSource.Password)
        {
            // A configured user's role and tenants are read afresh: removing or demoting them takes effect at once.
            ControlRoomUser? user = room.Options.Users.FirstOrDefault(u => u.Name == name);
            return user is null ? null : new ControlRoomActor(user.Name, user.Role, user.Tenants, user.Permissions, SignInKind.Cookie, session);
        }

        return new ControlRoomActor(
            name,
            role,
            principal.FindAll(ControlRoomSchemes.TenantClaim).Select(c => c.Value),
            principal.FindAll(ControlRoomSchemes.PermissionClaim).Select(c => c.Value),
            SignInKind.Cookie,
            session);
    }

    private static bool IsLoopback(HttpContext http) => http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    private static Task Refuse(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(message, http.RequestAborted);
    }
}
