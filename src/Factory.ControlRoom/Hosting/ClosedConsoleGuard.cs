using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;

namespace Factory.ControlRoom;

/// <summary>
/// Once the server listens: a closed console (no sign-in configured) refuses to run on an address other
/// than loopback (the host fails to start, naming the address and the fix), and writes where to sign in
/// and the one-time token to the log. Requests from elsewhere are refused too, whatever the addresses.
/// </summary>
internal sealed class ClosedConsoleGuard(Room room, IServer server) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!room.Options.IsClosed)
        {
            return Task.CompletedTask;
        }

        ICollection<string> addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        string? open = addresses.FirstOrDefault(a => !IsLoopback(a));
        if (open is not null)
        {
            throw new InvalidOperationException(
                $"The Factory control room has no sign-in configured, so it answers on loopback only, but the server listens on {open}. "
                + "Listen on 127.0.0.1 or [::1], or configure users, API keys or OpenID Connect in AddFactoryControlRoom.");
        }

        string where = addresses.FirstOrDefault() ?? "";
        SignInScreen.LogToken(room, room.AccessToken.Current, used: false, where);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>True for an address only this machine reaches: localhost, 127.x, ::1. A wildcard (*, +, 0.0.0.0, [::]) is not.</summary>
    internal static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out Uri? uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));
    }
}
