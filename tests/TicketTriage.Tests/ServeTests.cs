using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using TicketTriage.Cli;
using TicketTriage.Running;
using Xunit;

namespace TicketTriage.Tests;

/// <summary><c>--serve</c>: the control room on the run's ledger, on loopback, closed, up while the run goes and after it, until stopped.</summary>
[Collection(ProcessWideTelemetry.Name)]
public sealed class ServeTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"tickettriage-serve-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { "--serve" }, TriageOptions.DefaultServePort)]
    [InlineData(new[] { "--serve", "0" }, 0)]
    [InlineData(new[] { "--serve", "--plain" }, TriageOptions.DefaultServePort)]
    public void Serve_takes_an_optional_port(string[] args, int port)
    {
        Assert.True(TriageOptions.TryParse(args, out TriageOptions options, out string? error), error);
        Assert.Equal(port, options.ServePort);
    }

    [Theory]
    [InlineData(new[] { "--serve", "http" }, "--serve takes a port number")]
    [InlineData(new[] { "--serve", "--no-ledger" }, "--serve shows the run's ledger")]
    public void Serve_refuses_what_it_cannot_do(string[] args, string refusal)
    {
        Assert.False(TriageOptions.TryParse(args, out _, out string? error));
        Assert.StartsWith(refusal, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_is_up_on_loopback_while_the_run_goes_and_after_until_stopped()
    {
        int port = FreePort();
        Assert.True(TriageOptions.TryParse(["--count", "400", "--out", Path.Combine(folder, "outcomes.jsonl"), "--plain", "--serve", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], out TriageOptions options, out string? error), error);
        using var stop = new CancellationTokenSource();
        Task<int> running = Task.Run(() => TriageRunner.RunAsync(options, stop.Token));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        // Closed: the runs screen sends an anonymous visitor to sign in; the sign-in page asks for the token.
        HttpResponseMessage first = await UntilAnsweredAsync(client, "/factory/");
        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Contains("one-time token", await client.GetStringAsync("/factory/signin"), StringComparison.Ordinal);

        // The run ends (its ledger says so) and the console stays up until stopped.
        await using (var ledger = new SqliteLedger(Path.Combine(folder, "ledger.db")))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while ((await ledger.ListRunsAsync(cancellationToken: timeout.Token)).FirstOrDefault() is not { Status: not RunStatus.Running })
            {
                await Task.Delay(100, timeout.Token);
            }
        }

        await Task.Delay(300);
        Assert.False(running.IsCompleted);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/factory/signin")).StatusCode);
        await stop.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/factory/signin"));
    }

    private static async Task<HttpResponseMessage> UntilAnsweredAsync(HttpClient client, string path)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await client.GetAsync(path);
            }
            catch (HttpRequestException) when (attempt < 300)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
