using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>
/// With no sign-in configured the console is closed: a real server on loopback answers only to the
/// one-time token it logged (once), refuses to start on any other address, and refuses requests that
/// do not come from loopback.
/// </summary>
public sealed partial class ClosedConsoleTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("factory-closed-").FullName;
    private SqliteLedger ledger = null!;

    public Task InitializeAsync()
    {
        ledger = new SqliteLedger(Path.Combine(folder, "ledger.db"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await ledger.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task On_loopback_it_answers_only_to_the_logged_token_and_each_token_works_once()
    {
        var log = new CapturedLog();
        WebApplication app = ControlRoomHost.Build(ledger, ["--urls", "http://127.0.0.1:0"], host: b => b.Logging.ClearProviders().AddProvider(log));
        await using var _ = app;
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        string logged = log.Last("one-time token") ?? throw new Xunit.Sdk.XunitException("no token in the log: " + string.Join("\n", log.Lines));
        Assert.Contains(address + "/factory/signin", logged, StringComparison.Ordinal);
        string token = Token().Match(logged).Groups[1].Value;

        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        using (HttpResponseMessage root = await client.GetAsync("/"))
        {
            Assert.Equal("/factory/", root.Headers.Location!.OriginalString);
        }

        using (HttpResponseMessage closed = await client.GetAsync("/factory/"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, closed.StatusCode);
        }

        using (HttpResponseMessage wrong = await client.PostAsync("/factory/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token + "x" })))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (HttpResponseMessage right = await client.PostAsync("/factory/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token })))
        {
            Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
        }

        using (HttpResponseMessage inside = await client.GetAsync("/factory/"))
        {
            Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
            Assert.Contains("local · Admin · every tenant", await inside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var second = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        using (HttpResponseMessage again = await second.PostAsync("/factory/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token })))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        }

        string next = Token().Match(log.Last("the next sign-in")!).Groups[1].Value;
        Assert.NotEqual(token, next);
        IReadOnlyList<AuditEntry> audit = await ledger.ListAuditAsync();
        Assert.Contains(audit, e => e.Actor == "local" && e.Action == "control-room.sign-in");
        Assert.Equal(2, audit.Count(e => e.Action == "control-room.sign-in-refused"));
        Assert.All(audit, e => Assert.DoesNotContain(token, e.Detail ?? "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://[::]:0")]
    public async Task It_refuses_to_start_on_an_address_other_than_loopback(string url)
    {
        WebApplication app = ControlRoomHost.Build(ledger, ["--urls", url], host: b => b.Logging.ClearProviders());
        await using var _ = app;
        InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());
        Assert.Contains("answers on loopback only", refused.Message, StringComparison.Ordinal);
        Assert.Contains("configure users, API keys or OpenID Connect", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_does_not_come_from_loopback_is_refused()
    {
        // The in-memory server's requests come from no address: not loopback.
        WebApplication app = await Plant.StartAsync(ledger, _ => { });
        await using var _ = app;
        using var visitor = new Visitor(Microsoft.AspNetCore.TestHost.HostBuilderTestServerExtensions.GetTestServer(app));
        using HttpResponseMessage response = await visitor.GetAsync("/factory/signin");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("answers only on loopback", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("token ([A-Za-z0-9_-]{20,})")]
    private static partial Regex Token();
}
