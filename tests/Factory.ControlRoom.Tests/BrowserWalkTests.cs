using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Factory.Ledger;
using Microsoft.Playwright;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>
/// The console in a real browser (Debian's chromium, driven by Playwright): sign in, watch a live
/// run's counts rise without a reload, pause it and see them stop, resume, replay a dead letter after
/// a dry run, approve a gate with an edited amount, and find all of it on the audit screen; no page
/// logs an error (a Content-Security-Policy violation would). A screenshot of each screen is saved
/// under the test output's screenshots folder.
/// </summary>
public sealed partial class BrowserWalkTests : IAsyncLifetime
{
    private readonly Plant plant = Plant.OnLoopback();
    private readonly string screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public Task InitializeAsync() => plant.InitializeAsync();

    public Task DisposeAsync() => plant.DisposeAsync();

    [Fact]
    public async Task An_operator_walks_through_every_screen_in_a_real_browser()
    {
        await using LiveSupport live = await LiveSupport.StartAsync(plant, "acme", "acme-live");
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium(), Headless = true });
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.Contains("/signin", StringComparison.Ordinal))
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };
        Directory.CreateDirectory(screenshots);
        string site = plant.Address + "/factory";

        // Sign in.
        await page.GotoAsync(site + "/");
        Assert.EndsWith("/factory/signin", page.Url, StringComparison.Ordinal);
        await ShotAsync(page, "1-sign-in");
        await page.FillAsync("input[name=name]", "adam");
        await page.FillAsync("input[name=password]", Plant.Password);
        await page.ClickAsync("form.signin button[type=submit]");
        await page.WaitForLoadStateAsync();
        Assert.True(page.Url == site + "/", page.Url + ": " + await page.InnerTextAsync("body"));
        Assert.Contains("acme-live", await page.ContentAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "2-runs");

        // A live run: the counts rise without a reload.
        await page.GotoAsync(site + "/runs/acme-live");
        int navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;
        long first = await SlowInAsync(page);
        long later = await WaitForAsync(() => SlowInAsync(page), n => n > first + 5);
        Assert.Equal(0, navigations);
        await ShotAsync(page, "3-run-live");

        // Pause: the counts stop. Resume: they rise again.
        await page.ClickAsync("#pause");
        await page.WaitForSelectorAsync("#resume");
        Assert.True(live.Run.IsPaused);
        await Task.Delay(300);
        long paused = await WaitForAsync(() => SlowInAsync(page), n => n >= live.Run.Stations[0].In);
        await Task.Delay(700);
        Assert.Equal(paused, await SlowInAsync(page));
        await ShotAsync(page, "4-run-paused");
        await page.ClickAsync("#resume");
        await page.WaitForSelectorAsync("#pause");
        await WaitForAsync(() => SlowInAsync(page), n => n > paused);

        // A dead letter: inspect, dry run, replay.
        await page.GotoAsync(site + "/dead-letters");
        await ShotAsync(page, "5-dead-letters");
        await page.ClickAsync("table.letters a[href*='/dead-letters/']");
        await page.ClickAsync("#dry-run");
        Assert.Contains("Dry run: 1 dead letter would run again", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await ShotAsync(page, "6-dead-letter-dry-run");
        await page.ClickAsync("#replay");
        Assert.Contains("Replayed 1 dead letter in run", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        // A gate: approve with an edited amount.
        await page.GotoAsync(site + "/gates");
        await ShotAsync(page, "7-gates");
        await page.ClickAsync("table.gates a:text('decide')");
        await page.FillAsync("input[name='field.Amount']", "150");
        await ShotAsync(page, "8-gate-item");
        await page.ClickAsync("#approve");
        Assert.Contains("approved by adam", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Single(await plant.Ledger.Gates.WaitingAsync("acme-refunds"));

        // All of it on the audit screen.
        await page.GotoAsync(site + "/audit");
        string audit = await page.InnerTextAsync("table.audit");
        foreach (string action in new[] { "run.pause", "run.resume-live", "dead-letter.replay", "gate.decision" })
        {
            Assert.Contains(action, audit, StringComparison.Ordinal);
        }

        Assert.Contains("approve (edited)", audit, StringComparison.Ordinal);
        await ShotAsync(page, "9-audit");
        Assert.True(errors.Count == 0, "the pages logged errors: " + string.Join("\n", errors));
    }

    /// <summary>Debian's chromium, which the test command installs; the test fails saying how to get it when it is missing.</summary>
    internal static string Chromium()
    {
        string path = Environment.GetEnvironmentVariable("FACTORY_CHROMIUM") is { Length: > 0 } given ? given : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new Xunit.Sdk.XunitException($"No chromium at {path}: run ./test.sh (it installs Debian's chromium), or `apt-get install chromium`, or set FACTORY_CHROMIUM to a Chromium binary.");
    }

    private static async Task<long> SlowInAsync(IPage page)
    {
        string text = await page.Locator("[data-counts='Slow']").TextContentAsync() ?? "";
        Match match = InCount().Match(text);
        return match.Success ? long.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : -1;
    }

    private static async Task<long> WaitForAsync(Func<Task<long>> read, Func<long, bool> done)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(10);
        long value = await read();
        while (!done(value))
        {
            Assert.True(DateTime.UtcNow < until, $"the count stayed at {value}");
            await Task.Delay(100);
            value = await read();
        }

        return value;
    }

    private Task ShotAsync(IPage page, string name) => page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, name + ".png") });

    [GeneratedRegex("in ([0-9,]+)")]
    private static partial Regex InCount();
}
