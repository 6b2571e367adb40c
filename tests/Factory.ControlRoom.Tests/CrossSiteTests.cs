using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Factory.Gates;
using Factory.Ledger;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>
/// A request another site makes a signed-in browser send carries the session cookie but not the page's
/// form token, or says where it comes from: pause, approve and replay (a letter or a group) refuse it, change nothing and audit it.
/// </summary>
public sealed class CrossSiteTests : IAsyncLifetime
{
    private readonly Plant plant = new();

    public Task InitializeAsync() => plant.InitializeAsync();

    public Task DisposeAsync() => plant.DisposeAsync();

    [Fact]
    public async Task Pause_approve_and_replay_from_another_site_are_refused_and_change_nothing()
    {
        await using LiveSupport live = await LiveSupport.StartAsync(plant, "acme", "acme-live");
        using Visitor adam = await plant.SignedInAsync("adam");
        using Visitor other = await plant.SignedInAsync("adam");
        string token = await adam.FormTokenAsync();
        string otherSessionsToken = await other.FormTokenAsync();
        DeadLetterRecord letter = (await plant.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "acme-support" }))[0];
        GateItem item = (await plant.Ledger.Gates.WaitingAsync("acme-refunds"))[0];
        var targets = new (string Path, Dictionary<string, string> Form)[]
        {
            ("/factory/runs/acme-live/pause", []),
            ("/factory/gates/item", new() { ["run"] = "acme-refunds", ["gate"] = item.Key.Gate, ["material"] = item.Key.MaterialId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["verdict"] = "approve" }),
            ($"/factory/dead-letters/{letter.Id}/replay", new() { ["reason"] = "forged" }),
            ("/factory/dead-letters/replay", new(OperatingTests.ScreenRefusals) { ["reason"] = "forged" }),
        };
        var forgeries = new (string How, string? Token, Action<HttpRequestMessage>? Adjust)[]
        {
            ("no form token", null, null),
            ("another session's token", otherSessionsToken, null),
            ("a cross-site fetch", token, r => r.Headers.Add("Sec-Fetch-Site", "cross-site")),
            ("another origin", token, r => r.Headers.Add("Origin", "https://evil.example")),
        };

        foreach ((string path, Dictionary<string, string> form) in targets)
        {
            foreach ((string how, string? forgedToken, Action<HttpRequestMessage>? adjust) in forgeries)
            {
                using HttpResponseMessage response = await adam.PostAsync(path, new Dictionary<string, string>(form), forgedToken, adjust);
                Assert.True(403 == (int)response.StatusCode, $"{how} to {path}: {(int)response.StatusCode}");
            }
        }

        Assert.False(live.Run.IsPaused);
        Assert.Equal(2, (await plant.Ledger.Gates.WaitingAsync("acme-refunds")).Count);
        Assert.Equal(DeadLetterStatus.Open, (await plant.Ledger.GetDeadLetterAsync(letter.Id))!.Status);
        IReadOnlyList<AuditEntry> refused = await plant.Ledger.ListAuditAsync(new AuditQuery { Action = "control-room.refused" });
        Assert.Equal(16, refused.Count(e => e.Actor == "adam"));

        // The same requests from the console's own page go through: the refusals above were the forgery's.
        using HttpResponseMessage paused = await adam.PostAsync("/factory/runs/acme-live/pause", [], token);
        Assert.Equal(303, (int)paused.StatusCode);
        Assert.True(live.Run.IsPaused);
        using HttpResponseMessage approved = await adam.PostAsync(targets[1].Path, new Dictionary<string, string>(targets[1].Form), token);
        Assert.Equal(200, (int)approved.StatusCode);
        Assert.Single(await plant.Ledger.Gates.WaitingAsync("acme-refunds"));
    }

    [Fact]
    public async Task The_session_cookie_is_same_site_strict_and_http_only_and_every_page_carries_a_strict_policy()
    {
        using Visitor visitor = plant.Visit();
        using HttpResponseMessage signIn = await visitor.PostAsync("/factory/signin", new() { ["name"] = "vera", ["password"] = Plant.Password }, null);
        string cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("factory.session=", StringComparison.Ordinal));
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/factory", cookie, StringComparison.OrdinalIgnoreCase);

        using HttpResponseMessage page = await visitor.GetAsync("/factory/");
        string policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task An_api_key_needs_no_form_token_and_a_wrong_key_is_refused_and_audited()
    {
        using Visitor robot = plant.Visit();
        robot.Client.DefaultRequestHeaders.Add("X-Factory-Key", Plant.ApiKey);
        using HttpResponseMessage runs = await robot.GetAsync("/factory/");
        Assert.Equal(200, (int)runs.StatusCode);
        Assert.Contains("acme-support", await runs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("globex-support", await runs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        DeadLetterRecord letter = (await plant.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "acme-support" }))[0];
        using HttpResponseMessage discarded = await robot.PostAsync($"/factory/dead-letters/{letter.Id}/discard", new() { ["reason"] = "duplicate" }, null);
        Assert.Equal(303, (int)discarded.StatusCode);
        Assert.Equal(DeadLetterStatus.Discarded, (await plant.Ledger.GetDeadLetterAsync(letter.Id))!.Status);
        Assert.Equal("robot", (await plant.Ledger.GetDeadLetterAsync(letter.Id))!.ResolvedBy);

        using Visitor intruder = plant.Visit();
        intruder.Client.DefaultRequestHeaders.Add("X-Factory-Key", Plant.ApiKey + "x");
        using HttpResponseMessage refused = await intruder.GetAsync("/factory/");
        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Contains(await plant.Ledger.ListAuditAsync(new AuditQuery { Action = "control-room.sign-in-refused" }), e => e.Actor == "api-key");
    }
}
