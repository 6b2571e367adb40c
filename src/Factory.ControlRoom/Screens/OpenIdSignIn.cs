using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Factory.ControlRoom;

/// <summary>
/// Sign-in through OpenID Connect: the challenge sends the browser to the provider, and the provider's
/// answer comes back to the callback, which the handler turns into a cookie session (see
/// <see cref="ControlRoomServices"/> for how the provider's claims become a role and tenants) and
/// <see cref="TicketReceivedAsync"/> ends with a page of the console's own.
/// The callback is handled here, so the host need not call <c>UseAuthentication</c>.
/// </summary>
internal static class OpenIdSignIn
{
    /// <summary>To the provider; the page asked for before signing in (<c>?return=</c>) is where the callback lands.</summary>
    public static Task ChallengeAsync(RoomRequest request) =>
        request.Http.ChallengeAsync(ControlRoomSchemes.OpenIdConnect, new AuthenticationProperties { RedirectUri = ReturnAddress.Local(request.Query(ReturnAddress.Field), request.Prefix) });

    public static async Task CallbackAsync(RoomRequest request)
    {
        var handlers = (IAuthenticationHandlerProvider?)request.Http.RequestServices.GetService(typeof(IAuthenticationHandlerProvider));
        if (handlers is not null
            && await handlers.GetHandlerAsync(request.Http, ControlRoomSchemes.OpenIdConnect).ConfigureAwait(false) is IAuthenticationRequestHandler handler
            && await handler.HandleRequestAsync().ConfigureAwait(false))
        {
            return;
        }

        await request.NotFoundAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the session and keeps the handler from answering with its redirect to the console. That
    /// redirect would go on with the navigation the provider's page started, a cross-site one, on which
    /// a browser sends no SameSite=Strict cookie: the console would show its sign-in page once more.
    /// The callback answers with <see cref="LandingPage"/> instead, whose own navigation is same-site.
    /// </summary>
    public static async Task TicketReceivedAsync(TicketReceivedContext context)
    {
        Room room = context.HttpContext.RequestServices.GetRequiredService<Room>();
        await context.HttpContext.SignInAsync(ControlRoomSchemes.Cookie, context.Principal!, context.Properties).ConfigureAwait(false);
        context.HandleResponse();

        // The host's authentication middleware (which WebApplication adds) may be the one handling the
        // callback, before the gatekeeper: the page gets the console's headers here.
        SecurityHeaders.Apply(context.Response);
        var request = new RoomRequest(context.HttpContext, room, actor: null);
        await request.HtmlAsync(LandingPage(request, ReturnAddress.Local(context.ReturnUri, room.Prefix))).ConfigureAwait(false);
    }

    /// <summary>
    /// A page of the console that sends the browser on to <paramref name="target"/> at once by a meta
    /// refresh (no script: the Content-Security-Policy allows none inline), with a link for a browser
    /// that does not follow it. Started by a page of the console's own site, that navigation carries the session cookie.
    /// </summary>
    private static string LandingPage(RoomRequest request, string target) =>
        Layout.Page(request, "Signed in", html => html.Open("p").Text("You are signed in. ").Link(target, "Go on to the control room").Close("p"), refreshTo: target);
}
