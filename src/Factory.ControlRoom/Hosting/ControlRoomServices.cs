using System;
using System.Linq;
using System.Security.Claims;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Factory.ControlRoom;

/// <summary>Registers the control room's services.</summary>
public static class ControlRoomServices
{
    /// <summary>
    /// Adds the control room: its options, its own cookie scheme (SameSite=Strict, HTTP only; never the
    /// host's default), OpenID Connect when configured, the live runs, and the guard that refuses to
    /// start a closed console on a non-loopback address.
    /// </summary>
    public static IServiceCollection AddFactoryControlRoom(this IServiceCollection services, Action<ControlRoomOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ControlRoomOptions();
        configure(options);
        return Add(services, options);
    }

    /// <summary>
    /// Adds the control room with users, API keys and OpenID Connect read from <paramref name="section"/>
    /// (e.g. <c>configuration.GetSection("Factory:ControlRoom")</c>; see docs/control-room.md for its shape),
    /// then <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddFactoryControlRoom(this IServiceCollection services, IConfiguration section, Action<ControlRoomOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        return services.AddFactoryControlRoom(options =>
        {
            ControlRoomConfiguration.Read(section, options);
            configure?.Invoke(options);
        });
    }

    private static IServiceCollection Add(IServiceCollection services, ControlRoomOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<ControlRoomLiveRuns>();
        services.AddSingleton<FormToken>();
        services.AddSingleton<Room>();
        services.AddHostedService<ClosedConsoleGuard>();
        var authentication = services.AddAuthentication();
        authentication.AddCookie(ControlRoomSchemes.Cookie, cookie =>
        {
            cookie.Cookie.Name = ControlRoomSchemes.CookieName;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = options.SessionLifetime;
            cookie.SlidingExpiration = true;
        });
        services.AddOptions<CookieAuthenticationOptions>(ControlRoomSchemes.Cookie)
            .Configure<Room>((cookie, room) => cookie.Cookie.Path = room.Prefix.Length == 0 ? "/" : room.Prefix);

        if (options.OpenIdConnect is { } oidc)
        {
            authentication.AddOpenIdConnect(ControlRoomSchemes.OpenIdConnect, o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.ResponseType = "code";

                // The provider sends the browser back with a GET: a cross-site POST (form_post) carries no
                // SameSite=Lax correlation cookie, and the console refuses cross-site POSTs anyway.
                o.ResponseMode = "query";
                o.UsePkce = true;
                o.SignInScheme = ControlRoomSchemes.Cookie;
                o.SaveTokens = false;
                o.MapInboundClaims = false;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SameSite = SameSiteMode.Lax;

                // Secure when the console is served over HTTPS, as its session cookie is.
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Events.OnTokenValidated = context => ToSessionAsync(context, oidc);
                o.Events.OnTicketReceived = OpenIdSignIn.TicketReceivedAsync;
                o.Events.OnRemoteFailure = RefuseAsync;
            });
            services.AddOptions<OpenIdConnectOptions>(ControlRoomSchemes.OpenIdConnect)
                .Configure<Room>((o, room) => o.CallbackPath = room.Prefix + "/signin/oidc/callback");
        }

        return services;
    }

    /// <summary>Marks a request whose refused sign-in is audited already (with the provider's name for the user).</summary>
    private static readonly object RefusalAudited = new();

    /// <summary>
    /// A sign-in the handler refused (a token with a bad signature, for another audience, an expired
    /// one, a provider's error): audited with the handler's reason, and back to the sign-in page.
    /// </summary>
    private static async Task RefuseAsync(RemoteFailureContext context)
    {
        Room room = context.HttpContext.RequestServices.GetRequiredService<Room>();
        if (!context.HttpContext.Items.ContainsKey(RefusalAudited))
        {
            string why = "OpenID Connect: " + (context.Failure?.Message ?? "the provider's answer was refused");
            why = why.Length <= 300 ? why : why[..300] + "…";
            await room.Audit.WriteAsync("anonymous", RoomAudit.SignInRefused, "session", null, null, null, why).ConfigureAwait(false);
        }

        context.Response.Redirect(room.Prefix + "/signin?failed=1");
        context.HandleResponse();
    }

    /// <summary>The provider's claims as a control room session: its role and tenants from the configured claims; no role, no session.</summary>
    private static async Task ToSessionAsync(TokenValidatedContext context, ControlRoomOpenIdConnect oidc)
    {
        Room room = context.HttpContext.RequestServices.GetRequiredService<Room>();
        ClaimsPrincipal provider = context.Principal!;
        string name = provider.FindFirstValue(oidc.NameClaim) ?? provider.FindFirstValue("sub") ?? "unknown";
        if (!Enum.TryParse(provider.FindFirstValue(oidc.RoleClaim), ignoreCase: true, out ControlRoomRole role) || !Enum.IsDefined(role))
        {
            await room.Audit.WriteAsync(name, RoomAudit.SignInRefused, "session", null, null, null, $"OpenID Connect: no role in claim '{oidc.RoleClaim}'").ConfigureAwait(false);
            context.HttpContext.Items[RefusalAudited] = true;
            context.Fail($"The provider's token carries no control room role in claim '{oidc.RoleClaim}'.");
            return;
        }

        context.Principal = SignInScreen.Principal(
            name,
            role,
            provider.FindAll(oidc.TenantsClaim).Select(c => c.Value),
            provider.FindAll(oidc.PermissionsClaim).Select(c => c.Value),
            SessionSource.OpenIdConnect);
        await room.Audit.WriteAsync(name, RoomAudit.SignedIn, "session", null, "signed out", "signed in", "by OpenID Connect").ConfigureAwait(false);
    }
}
