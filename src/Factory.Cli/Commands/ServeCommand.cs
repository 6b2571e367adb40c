using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Cli.Graph;
using Factory.Cli.Serve;
using Factory.ControlRoom;
using Factory.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Factory.Cli.Commands;

/// <summary>
/// <c>factory serve</c>: the control room (Factory.ControlRoom) on the ledger, until Ctrl+C. With no
/// sign-in configured it is closed, as the control room always is: loopback only, and a one-time token
/// printed at start. Users, API keys and OpenID Connect come from its configuration (environment
/// variables <c>Factory__ControlRoom__...</c>, see docs/control-room.md).
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliHost host, GlobalOptions options)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => ControlRoomHost.DefaultUrl };
        var lines = new Option<string[]>("--lines") { Description = "A built assembly whose lines the run screens draw (factory graph reads the same); repeatable.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("serve", "Run the control room on the ledger until Ctrl+C: loopback only and a one-time sign-in token unless sign-in is configured.\nExample: factory serve --ledger factory.db --lines bin/Release/net10.0/TicketTriage.dll") { urls, lines };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                LineDescriptor[] drawn = [.. (parse.GetValue(lines) ?? []).SelectMany(path => AssemblyLines.Read(path).Select(r => RecordedLine.Read(r.TypeName, r.Json)))];
                (ILedger ledger, string shown) = LedgerAddress.Open(parse.GetValue(options.Ledger) ?? host.Environment("FACTORY_LEDGER"), host.Inputs);
                await using (ledger.ConfigureAwait(false))
                {
                    return await ServeAsync(host, ledger, shown, parse.GetValue(urls)!, drawn, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (CliException error)
            {
                await host.Error.WriteLineAsync("factory: " + error.Message).ConfigureAwait(false);
                return error.ExitCode;
            }
        });
        return command;
    }

    private static async Task<int> ServeAsync(CliHost host, ILedger ledger, string shown, string urls, IReadOnlyList<LineDescriptor> lines, CancellationToken cancellationToken)
    {
        WebApplication app = ControlRoomHost.Build(
            ledger,
            ["--urls", urls],
            room =>
            {
                room.Json = host.Inputs;
                foreach (LineDescriptor line in lines)
                {
                    room.Lines.Add(line);
                }
            },
            host: builder =>
            {
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(new WriterLoggerProvider(host.Out));
                builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            });
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is InvalidOperationException or System.IO.IOException)
            {
                // A closed console on an open address, or a port in use: the server's sentence says which.
                throw CliException.Usage($"The control room did not start on {urls}: {error.Message}");
            }

            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? urls;
            await host.Out.WriteLineAsync($"control room: {address.TrimEnd('/')}/factory/ on {shown}; Ctrl+C stops it").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop serving, as asked.
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return ExitCode.Ok;
    }
}
