using System;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Factory.ControlRoom;

/// <summary>
/// The control room on its own, against a ledger: a small web application that serves only the
/// console, on <c>http://127.0.0.1:5080</c> unless configured (<c>--urls</c>, <c>ASPNETCORE_URLS</c>).
/// Users, API keys and OpenID Connect come from the configuration section <c>Factory:ControlRoom</c>
/// (appsettings.json, environment variables, command line); with none it is closed: loopback and the
/// one-time token in the log.
/// </summary>
public static class ControlRoomHost
{
    /// <summary>Where a standalone console listens when nothing else is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Builds the standalone console on <paramref name="ledger"/>; start it with <c>RunAsync</c> or <c>StartAsync</c>.</summary>
    /// <param name="ledger">The ledger to show.</param>
    /// <param name="args">The command line (<c>--urls</c>, configuration keys).</param>
    /// <param name="configure">More options, after the configuration's.</param>
    /// <param name="prefix">Where the console is mapped.</param>
    /// <param name="host">Changes to the web application before it is built (logging, Kestrel).</param>
    public static WebApplication Build(ILedger ledger, string[] args, Action<ControlRoomOptions>? configure = null, string prefix = "/factory", Action<WebApplicationBuilder>? host = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddFactoryControlRoom(builder.Configuration.GetSection("Factory:ControlRoom"), options =>
        {
            options.Ledger = ledger;
            configure?.Invoke(options);
        });
        host?.Invoke(builder);
        WebApplication app = builder.Build();
        app.MapFactoryControlRoom(prefix);
        if (prefix.Trim('/').Length > 0)
        {
            app.MapGet("/", (HttpContext http) =>
            {
                http.Response.Redirect("/" + prefix.Trim('/') + "/");
                return Task.CompletedTask;
            });
        }

        return app;
    }

    /// <summary>Runs the standalone console on <paramref name="ledger"/> until <paramref name="cancellationToken"/> or the process is stopped.</summary>
    public static async Task RunAsync(ILedger ledger, string[] args, Action<ControlRoomOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        WebApplication app = Build(ledger, args, configure);
        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await ((IHost)app).WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
