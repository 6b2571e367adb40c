using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory;
using Factory.ControlRoom;
using Factory.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TicketTriage.Serialization;

namespace TicketTriage.Running;

/// <summary>
/// <c>--serve</c>: the control room on the run's ledger, on loopback, closed (no users configured): it
/// answers only on 127.0.0.1, to the one-time token it prints at start. It shows the run live while it
/// goes (counts, pause, resume, cancel) and stays up after, until Ctrl+C.
/// </summary>
public sealed class ServedConsole : IAsyncDisposable
{
    private readonly WebApplication app;

    private ServedConsole(WebApplication app, string address)
    {
        this.app = app;
        Address = address;
    }

    /// <summary>Where the console is, e.g. <c>http://127.0.0.1:5080/factory</c>.</summary>
    public string Address { get; }

    /// <summary>Starts the console on <paramref name="ledger"/> on 127.0.0.1:<paramref name="port"/> (0 for a free port).</summary>
    public static async Task<ServedConsole> StartAsync(ILedger ledger, int port, CancellationToken cancellationToken)
    {
        WebApplication app = ControlRoomHost.Build(ledger, ["--urls", $"http://127.0.0.1:{port}"], options =>
        {
            options.Lines.Add(TicketTriageLine.Descriptor);
            options.Json = TriageJsonContext.Lines;
        }, host: builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var served = new ServedConsole(app, listening.TrimEnd('/') + "/factory");
        Console.WriteLine($"control room: {served.Address} (loopback only; sign in with the one-time token the log shows)");
        return served;
    }

    /// <summary>Shows <paramref name="run"/> live until it completes.</summary>
    public void Show<TIn, TOut>(LineRun<TIn, TOut> run) => app.Services.GetRequiredService<ControlRoomLiveRuns>().Register(run);

    /// <summary>Keeps the console up until <paramref name="cancellationToken"/> (Ctrl+C).</summary>
    public async Task KeepUpAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine($"control room: still up at {Address}; Ctrl+C stops it");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the console stops with the process.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
