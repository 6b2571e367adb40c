using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Factory.ControlRoom;

/// <summary>Signing in (a password, the one-time token of a closed console, or OpenID Connect) and out.</summary>
internal static class SignInScreen
{
    /// <summary>A hash to verify against when the name is unknown, so an unknown name takes as long as a wrong password.</summary>
    private static readonly string Decoy = ControlRoomSecrets.HashPassword("decoy-" + ControlRoomSecrets.NewToken());

    public static Task ShowAsync(RoomRequest request) =>
        request.HtmlAsync(Form(request, request.Query("failed") is null ? null : "That did not sign you in.", ReturnAddress.Local(request.Query(ReturnAddress.Field), request.Prefix)));

    public static async Task SignInAsync(RoomRequest request)
    {
        Room room = request.Room;
        string target = "POST " + request.Prefix + "/signin";
        string address = request.Http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        string returnTo = ReturnAddress.Local(await request.FormAsync(ReturnAddress.Field).ConfigureAwait(false), request.Prefix);
        if (!room.SignIns.TryAttempt(address))
        {
            await RefuseTooManyAsync(request, "anonymous", target, $"too many sign-in attempts from {address}", returnTo).ConfigureAwait(false);
            return;
        }

        if (room.Options.IsClosed)
        {
            if (!room.AccessToken.TryUse(await request.FormAsync("token").ConfigureAwait(false), out string next))
            {
                await room.Audit.WriteAsync("anonymous", RoomAudit.SignInRefused, target, null, null, null, "a wrong one-time token").ConfigureAwait(false);
                await request.HtmlAsync(Form(request, "That token is not the current one: see the application's log.", returnTo), StatusCodes.Status401Unauthorized).ConfigureAwait(false);
                return;
            }

            LogToken(room, next, used: true);
            await StartSessionAsync(request, "local", ControlRoomRole.Admin, [ControlRoomActor.AllTenantsMark], [], SessionSource.Token, returnTo).ConfigureAwait(false);
            return;
        }

        string name = (await request.FormAsync("name").ConfigureAwait(false) ?? "").Trim();
        string password = await request.FormAsync("password").ConfigureAwait(false) ?? "";
        if (name.Length > 0 && room.SignIns.IsLocked(name))
        {
            await RefuseTooManyAsync(request, name, target, $"too many failed sign-ins for this name (from {address})", returnTo).ConfigureAwait(false);
            return;
        }

        ControlRoomUser? user = room.Options.Users.FirstOrDefault(u => u.Name == name);
        bool verified = ControlRoomSecrets.VerifyPassword(password, user?.PasswordHash ?? Decoy) && user is not null;
        if (!verified)
        {
            room.SignIns.Failed(name);
            await room.Audit.WriteAsync(name.Length == 0 ? "anonymous" : name, RoomAudit.SignInRefused, target, null, null, null, user is null ? "an unknown name" : "a wrong password").ConfigureAwait(false);
            await request.HtmlAsync(Form(request, "That did not sign you in.", returnTo), StatusCodes.Status401Unauthorized).ConfigureAwait(false);
            return;
        }

        await StartSessionAsync(request, user!.Name, user.Role, user.Tenants, user.Permissions, SessionSource.Password, returnTo).ConfigureAwait(false);
    }

    /// <summary>A sign-in past a limit: 429 with when to try again, audited, and the password not even checked.</summary>
    private static async Task RefuseTooManyAsync(RoomRequest request, string actor, string target, string why, string returnTo)
    {
        await request.Room.Audit.WriteAsync(actor, RoomAudit.SignInRefused, target, null, null, null, why).ConfigureAwait(false);
        request.Http.Response.Headers.RetryAfter = ((int)Math.Ceiling(request.Room.SignIns.Window.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await request.HtmlAsync(Form(request, "Too many sign-in attempts: try again later.", returnTo), StatusCodes.Status429TooManyRequests).ConfigureAwait(false);
    }

    public static async Task SignOutAsync(RoomRequest request)
    {
        await request.Http.SignOutAsync(ControlRoomSchemes.Cookie).ConfigureAwait(false);
        await request.Room.Audit.WriteAsync(request.Actor!.Name, RoomAudit.SignedOut, "session", null, "signed in", "signed out").ConfigureAwait(false);
        await request.SeeOtherAsync("/signin").ConfigureAwait(false);
    }

    /// <summary>Writes where to sign in and the token to the log: the one way into a closed console.</summary>
    public static void LogToken(Room room, string token, bool used, string address = "")
    {
        string signIn = address.TrimEnd('/') + room.Prefix + "/signin";
        if (used)
        {
            room.Logger.LogWarning("Factory control room: the one-time sign-in token was used; the next sign-in at {SignIn} takes {Token}.", signIn, token);
        }
        else
        {
            room.Logger.LogWarning("Factory control room: no sign-in is configured, so it answers on loopback only; sign in at {SignIn} with the one-time token {Token}.", signIn, token);
        }
    }

    /// <summary>A cookie session for the actor, with a new session id its form tokens are bound to.</summary>
    public static ClaimsPrincipal Principal(string name, ControlRoomRole role, IEnumerable<string> tenants, IEnumerable<string> permissions, string source)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, name),
            new(ControlRoomSchemes.RoleClaim, role.ToString()),
            new(ControlRoomSchemes.SessionClaim, ControlRoomSecrets.NewToken()),
            new(ControlRoomSchemes.SourceClaim, source),
        };
        claims.AddRange(tenants.Select(t => new Claim(ControlRoomSchemes.TenantClaim, t)));
        claims.AddRange(permissions.Select(p => new Claim(ControlRoomSchemes.PermissionClaim, p)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, ControlRoomSchemes.Cookie, ClaimTypes.Name, ControlRoomSchemes.RoleClaim));
    }

    private static async Task StartSessionAsync(RoomRequest request, string name, ControlRoomRole role, IEnumerable<string> tenants, IEnumerable<string> permissions, string source, string returnTo)
    {
        await request.Http.SignInAsync(ControlRoomSchemes.Cookie, Principal(name, role, tenants, permissions, source)).ConfigureAwait(false);
        await request.Room.Audit.WriteAsync(name, RoomAudit.SignedIn, "session", null, "signed out", "signed in", "by " + source).ConfigureAwait(false);
        request.Http.Response.StatusCode = StatusCodes.Status303SeeOther;
        request.Http.Response.Headers.Location = returnTo;
    }

    /// <summary>The sign-in form; <paramref name="returnTo"/> (already checked to be the console's own) rides along to where the session starts.</summary>
    private static string Form(RoomRequest request, string? error, string returnTo) => Layout.Page(request, "Sign in", html =>
    {
        Layout.Notice(html, error, "error");
        html.Open("form", ("method", "post"), ("action", request.Prefix + "/signin"), ("class", "signin"));
        if (request.Room.Options.IsClosed)
        {
            html.Element("p", "This console has no sign-in configured: it answers on loopback only. Paste the one-time token from the application's log.")
                .Open("label").Text("Token").Void("input", ("name", "token"), ("type", "password"), ("autocomplete", "off"), ("value", request.Query("token")), ("required", "required")).Close("label");
        }
        else
        {
            html.Open("label").Text("Name").Void("input", ("name", "name"), ("autocomplete", "username"), ("required", "required")).Close("label")
                .Open("label").Text("Password").Void("input", ("name", "password"), ("type", "password"), ("autocomplete", "current-password"), ("required", "required")).Close("label");
        }

        bool home = returnTo == request.Prefix + "/";
        if (!home)
        {
            html.Void("input", ("name", ReturnAddress.Field), ("type", "hidden"), ("value", returnTo));
        }

        html.Element("button", "Sign in", ("type", "submit")).Close("form");
        if (request.Room.Options.OpenIdConnect is not null)
        {
            string challenge = request.Prefix + "/signin/oidc" + (home ? "" : "?" + ReturnAddress.Field + "=" + Uri.EscapeDataString(returnTo));
            html.Open("p").Link(challenge, "Sign in with your organization's account").Close("p");
        }
    });
}
