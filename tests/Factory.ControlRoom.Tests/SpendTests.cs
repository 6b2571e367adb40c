using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>Tokens, cost and p95 of runs that are not live, read from the ledger's station totals.</summary>
public sealed class SpendTests : IAsyncLifetime
{
    private readonly Plant plant = new();

    public Task InitializeAsync() => plant.InitializeAsync();

    public Task DisposeAsync() => plant.DisposeAsync();

    [Fact]
    public Task A_finished_runs_tokens_cost_and_p95_per_station_come_from_the_ledger_at_summary_provenance() => ShowsSpendAsync(plant);

    /// <summary>
    /// Runs 20 priced tickets for acme at <see cref="ProvenanceLevel.Summary"/> (no row for a succeeded
    /// attempt, so the figures cannot come from the attempts' rows), then reads the runs list and the run
    /// as acme's viewer and as globex's admin.
    /// </summary>
    internal static async Task ShowsSpendAsync(Plant plant)
    {
        var line = new PricedSupport(new Priced(), new Answer());
        var options = new RunOptions
        {
            Job = new JobOrder("acme-priced", "acme"),
            RunId = "acme-priced",
            Observers = [plant.Ledger.Observe(new LedgerObserveOptions { Provenance = ProvenanceLevel.Summary })],
        };
        await foreach (string _ in line.RunAsync(Enumerable.Range(1, 20).Select(i => new Ticket(i, "priced " + i)), options))
        {
        }

        IReadOnlyList<StationTotalsRecord> totals = await plant.Ledger.View(LedgerScope.ForTenant("acme")).ListStationTotalsAsync(["acme-priced", "acme-support"]);
        StationTotalsRecord priced = Assert.Single(totals, t => t is { RunId: "acme-priced", Station: "Priced" });
        Assert.Equal((20L, 0L, 2_000L, 400L, 5m), (priced.Attempts, priced.Failed, priced.InputTokens, priced.OutputTokens, priced.Cost));
        TimeSpan p95 = priced.P95Duration!.Value;
        Assert.InRange(p95, TimeSpan.FromMilliseconds(60), TimeSpan.FromMilliseconds(200));
        Assert.Equal(20, Assert.Single(totals, t => t is { RunId: "acme-priced", Station: "Answer" }).Attempts);
        Assert.Contains(totals, t => t is { RunId: "acme-support", Station: "Screen", Failed: > 0 });
        Assert.Empty(await plant.Ledger.View(LedgerScope.ForTenant("globex")).ListStationTotalsAsync(["acme-priced", "acme-support"]));

        using Visitor vera = await plant.SignedInAsync("vera");
        string runs = await vera.GetTextAsync("/factory/?line=PricedSupport");
        Assert.Contains("<td class=\"n\">2,400</td><td class=\"n\">5</td></tr>", runs, StringComparison.Ordinal);
        string run = await vera.GetTextAsync("/factory/runs/acme-priced");
        Assert.Contains("<dt>Tokens</dt><dd>2,400</dd><dt>Cost</dt><dd>5</dd>", run, StringComparison.Ordinal);
        Assert.Contains(
            $"<tr data-station-row=\"Priced\"><td>Priced</td><td class=\"n\">20</td><td class=\"n\">0</td><td class=\"n\">2,400</td><td class=\"n\" data-field=\"cost\">5</td><td class=\"n\" data-field=\"p95\">{Figures.Duration(p95)}</td></tr>",
            run,
            StringComparison.Ordinal);

        using Visitor gail = await plant.SignedInAsync("gail");
        Assert.DoesNotContain("acme-priced", await gail.GetTextAsync("/factory/"), StringComparison.Ordinal);
    }
}
