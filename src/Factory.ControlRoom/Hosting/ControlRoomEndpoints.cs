using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Factory.ControlRoom;

/// <summary>Mounts the control room in an application.</summary>
public static class ControlRoomEndpoints
{
    /// <summary>
    /// Maps the control room's screens under <paramref name="prefix"/> (e.g. <c>/factory</c>). Call
    /// <see cref="ControlRoomServices.AddFactoryControlRoom(IServiceCollection, Action{ControlRoomOptions})"/> first.
    /// Every endpoint goes through the gatekeeper with its role from <see cref="ControlRoomPermissions.Table"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapFactoryControlRoom(this IEndpointRouteBuilder endpoints, string prefix = "/factory")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        prefix = "/" + prefix.Trim('/');
        prefix = prefix == "/" ? "" : prefix;
        Room room = endpoints.ServiceProvider.GetService<Room>()
            ?? throw new InvalidOperationException("MapFactoryControlRoom needs the control room's services: call services.AddFactoryControlRoom(...) first.");
        room.Prefix = prefix;
        RouteGroupBuilder group = endpoints.MapGroup(prefix);

        Map(group, "GET", "/signin", SignInScreen.ShowAsync);
        Map(group, "POST", "/signin", SignInScreen.SignInAsync);
        Map(group, "POST", "/signout", SignInScreen.SignOutAsync);
        Map(group, "GET", "/assets/{name}", Assets.ServeAsync);
        if (room.Options.OpenIdConnect is not null)
        {
            Map(group, "GET", "/signin/oidc", OpenIdSignIn.ChallengeAsync);
            Map(group, "GET", "/signin/oidc/callback", OpenIdSignIn.CallbackAsync);
            Map(group, "POST", "/signin/oidc/callback", OpenIdSignIn.CallbackAsync);
        }

        Map(group, "GET", "/", RunsScreen.ShowAsync);
        Map(group, "GET", "/runs/{runId}", RunScreen.ShowAsync);
        Map(group, "GET", "/runs/{runId}/events", RunEvents.StreamAsync);
        Map(group, "POST", "/runs/{runId}/pause", RunControl.PauseAsync);
        Map(group, "POST", "/runs/{runId}/resume", RunControl.ResumeAsync);
        Map(group, "POST", "/runs/{runId}/cancel", RunControl.CancelAsync);
        Map(group, "POST", "/runs/{runId}/replay", RunReplay.ReplayAsync);
        Map(group, "GET", "/runs/{runId}/materials/{materialId}", MaterialScreen.ShowAsync);
        Map(group, "GET", "/dead-letters", DeadLettersScreen.ShowAsync);
        Map(group, "GET", "/dead-letters/{id}", DeadLetterScreen.ShowAsync);
        Map(group, "POST", "/dead-letters/replay", GroupReplay.ReplayAsync);
        Map(group, "POST", "/dead-letters/{id}/replay", DeadLetterScreen.ReplayAsync);
        Map(group, "POST", "/dead-letters/{id}/discard", DeadLetterScreen.DiscardAsync);
        Map(group, "GET", "/gates", GatesScreen.ShowAsync);
        Map(group, "GET", "/gates/item", GatesScreen.ShowItemAsync);
        Map(group, "POST", "/gates/item", GatesScreen.DecideAsync);
        Map(group, "GET", "/audit", AuditScreen.ShowAsync);
        Map(group, "GET", "/admin", AdminScreen.ShowAsync);
        Map(group, "POST", "/admin/purge", AdminScreen.PurgeAsync);
        return group;
    }

    private static void Map(RouteGroupBuilder group, string method, string pattern, Func<RoomRequest, Task> screen)
    {
        string endpoint = method + " " + pattern;
        ControlRoomRole? least = ControlRoomPermissions.For(method, pattern);
        group.MapMethods(pattern, [method], http => Gatekeeper.HandleAsync(http, endpoint, least, screen))
            .WithMetadata(new ControlRoomEndpoint(endpoint, least))
            .WithDisplayName("Factory control room: " + endpoint);
    }
}
