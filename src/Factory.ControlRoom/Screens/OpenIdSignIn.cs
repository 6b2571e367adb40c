using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;

namespace Factory.ControlRoom;

/// <summary>
/// Sign-in through OpenID Connect: the challenge sends the browser to the provider, and the provider's
/// answer comes back to the callback, which the handler turns into a cookie session (see
/// <see cref="ControlRoomServices"/> for how the provider's claims become a role and tenants).
/// The callback is handled here, so the host need not call <c>UseAuthentication</c>.
/// </summary>
internal static class OpenIdSignIn
{
    public static Task ChallengeAsync(RoomRequest request) =>
        request.Http.ChallengeAsync(ControlRoomSchemes.OpenIdConnect, new AuthenticationProperties { RedirectUri = request.Prefix + "/" });

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
}
