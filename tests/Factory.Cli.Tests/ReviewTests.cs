using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Factory.Cli.Quality;
using Factory.Quality;
using Xunit;

namespace Factory.Cli.Tests;

/// <summary><c>reviews</c> and <c>quality</c> against the review queue of real runs that sampled every output of Pricing.</summary>
public sealed class ReviewTests : IAsyncLifetime
{
    private string ledger = string.Empty;

    public async Task InitializeAsync() => ledger = await PlantLedger.SqliteAsync();

    public Task DisposeAsync()
    {
        PlantLedger.Delete(ledger);
        return Task.CompletedTask;
    }

    private Task<CliResult> Run(string tenant, params string[] args) => Cli.RunAsync([.. args, "--ledger", ledger, "--tenant", tenant]);

    private async Task<JsonElement[]> SamplesAsync(string tenant, params string[] filters)
    {
        CliResult list = await Run(tenant, ["reviews", "list", "--json", .. filters]);
        Assert.True(list.Exit == ExitCode.Ok, list.ToString());
        return [.. list.Json.GetProperty("samples").EnumerateArray()];
    }

    private static string Id(JsonElement sample) => sample.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_queue_is_listed_by_tenant_and_station_shown_as_json_and_each_sample_reviewed_once()
    {
        JsonElement[] acme = await SamplesAsync("acme");
        Assert.Equal(18, acme.Length);
        Assert.All(acme, s => Assert.Equal("acme", s.GetProperty("tenant").GetString()));
        JsonElement[] priced = await SamplesAsync("acme", "--station", "Price");
        Assert.Equal(9, priced.Length);
        Assert.All(priced, s => Assert.StartsWith("2+", s.GetProperty("stationVersion").GetString(), StringComparison.Ordinal));

        CliResult show = await Run("acme", "reviews", "show", Id(priced[0]), "--json");
        Assert.Equal(JsonValueKind.Object, show.Json.GetProperty("input").ValueKind);
        Assert.Equal(show.Json.GetProperty("input").GetProperty("Id").GetInt32(), show.Json.GetProperty("output").GetProperty("Id").GetInt32());
        Assert.Equal(show.Json.GetProperty("input").GetProperty("Amount").GetDecimal() * 1.2m, show.Json.GetProperty("output").GetProperty("Total").GetDecimal());
        CliResult table = await Run("acme", "reviews", "show", Id(priced[0]));
        Assert.Contains("output (Factory.Cli.Tests.Priced):", table.Out, StringComparison.Ordinal);
        Assert.Contains("\"Total\":", table.Out, StringComparison.Ordinal);

        CliResult ok = await Run("acme", "reviews", "ok", Id(priced[0]), "--as", "ann");
        Assert.True(ok.Exit == ExitCode.Ok, ok.ToString());
        CliResult again = await Run("acme", "reviews", "defect", Id(priced[0]), "--category", "wrong-total", "--as", "bob");
        Assert.Equal(ExitCode.Refused, again.Exit);
        Assert.Contains("reviewed already, ok by ann at ", again.Error, StringComparison.Ordinal);

        CliResult noCategory = await Run("acme", "reviews", "defect", Id(priced[1]), "--as", "bob");
        Assert.Equal(ExitCode.Usage, noCategory.Exit);
        Assert.Contains("--category", noCategory.Error, StringComparison.Ordinal);
        CliResult defect = await Run("acme", "reviews", "defect", Id(priced[1]), "--category", "wrong-total", "--note", "tax twice", "--as", "bob", "--json");
        Assert.True(defect.Exit == ExitCode.Ok, defect.ToString());
        JsonElement review = defect.Json.GetProperty("review");
        Assert.Equal(("bob", "defect", "wrong-total", "tax twice"), (review.GetProperty("reviewer").GetString(), review.GetProperty("verdict").GetString(), review.GetProperty("category").GetString(), review.GetProperty("note").GetString()));

        Assert.Equal(16, (await SamplesAsync("acme", "--pending")).Length);
        CliResult everyone = await Cli.RunAsync(["reviews", "list", "--json", "--all-tenants", "--as", "ann", "--ledger", ledger]);
        Assert.Equal(18 + 12, everyone.Json.GetProperty("samples").GetArrayLength());

        // Another tenant's sample is not there for globex, neither to read nor to review.
        Assert.Equal(ExitCode.NotFound, (await Run("globex", "reviews", "show", Id(priced[2]))).Exit);
        Assert.Equal(ExitCode.NotFound, (await Run("globex", "reviews", "ok", Id(priced[2]), "--as", "gus")).Exit);
        Assert.Equal(12, (await SamplesAsync("globex")).Length);

        CliResult audit = await Run("acme", "audit", "--action", "quality.review", "--json");
        Assert.Equal(["ann", "bob"], audit.Json.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("actor").GetString()!).Order().ToArray());
    }

    [Fact]
    public async Task Reviewers_racing_on_one_sample_record_one_review_and_the_rest_are_refused()
    {
        string id = Id((await SamplesAsync("globex"))[0]);
        CliResult[] racing = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Task.Run(() => i % 2 == 0 ? Run("globex", "reviews", "ok", id, "--as", "reviewer" + i) : Run("globex", "reviews", "defect", id, "--category", "c", "--as", "reviewer" + i))));
        CliResult winner = Assert.Single(racing, r => r.Exit == ExitCode.Ok);
        Assert.All(racing.Where(r => r != winner), r => Assert.True(r.Exit == ExitCode.Refused && r.Error.Contains("reviewed", StringComparison.Ordinal), r.ToString()));
        CliResult audit = await Run("globex", "audit", "--action", "quality.review", "--json");
        Assert.Single(audit.Json.GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task A_corrected_output_needs_the_apps_types_and_passes_its_validator()
    {
        JsonElement[] priced = await SamplesAsync("acme", "--station", "Price");
        CliResult tool = await Cli.RunAsync(["reviews", "defect", Id(priced[0]), "--category", "wrong-total", "--set", "Total=1", "--ledger", ledger, "--tenant", "acme"], appTypes: false);
        Assert.Equal(ExitCode.Refused, tool.Exit);
        Assert.Contains("cannot read a corrected Factory.Cli.Tests.Priced", tool.Error, StringComparison.Ordinal);
        Assert.Contains("entry point", tool.Error, StringComparison.Ordinal);

        var corrections = new ReviewCorrections().Add(PlantJson.Default.Priced, p => p.Total < 0 ? "a total below zero" : null);
        CliResult invalid = await Cli.RunAsync(["reviews", "defect", Id(priced[0]), "--category", "wrong-total", "--set", "Total=-5", "--ledger", ledger, "--tenant", "acme"], corrections: corrections);
        Assert.Equal(ExitCode.Refused, invalid.Exit);
        Assert.Contains("a total below zero", invalid.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCode.Usage, (await Cli.RunAsync(["reviews", "defect", Id(priced[0]), "--category", "c", "--set", "Weight=3", "--ledger", ledger, "--tenant", "acme"], corrections: corrections)).Exit);

        CliResult corrected = await Cli.RunAsync(["reviews", "defect", Id(priced[0]), "--category", "wrong-total", "--set", "Total=7.5", "--as", "ann", "--ledger", ledger, "--tenant", "acme"], corrections: corrections);
        Assert.True(corrected.Exit == ExitCode.Ok, corrected.ToString());
        Assert.Contains("with a corrected output", corrected.Out, StringComparison.Ordinal);
        CliResult show = await Run("acme", "reviews", "show", Id(priced[0]), "--json");
        Assert.Equal(7.5m, show.Json.GetProperty("review").GetProperty("corrected").GetProperty("Total").GetDecimal());
        Assert.Equal(show.Json.GetProperty("output").GetProperty("Id").GetInt32(), show.Json.GetProperty("review").GetProperty("corrected").GetProperty("Id").GetInt32());
    }

    [Fact]
    public async Task Quality_counts_the_reviews_per_station_version_with_the_wilson_interval()
    {
        JsonElement[] priced = await SamplesAsync("acme", "--station", "Price");
        foreach (JsonElement sample in priced.Take(3))
        {
            Assert.Equal(ExitCode.Ok, (await Run("acme", "reviews", "ok", Id(sample), "--as", "ann")).Exit);
        }

        Assert.Equal(ExitCode.Ok, (await Run("acme", "reviews", "defect", Id(priced[3]), "--category", "wrong-total", "--as", "ann")).Exit);
        JsonElement[] packed = await SamplesAsync("globex", "--station", "Pack");
        Assert.Equal(ExitCode.Ok, (await Run("globex", "reviews", "defect", Id(packed[0]), "--category", "bad-label", "--as", "gus")).Exit);

        CliResult quality = await Run("acme", "quality", "--json");
        Assert.True(quality.Exit == ExitCode.Ok, quality.ToString());
        JsonElement rate = Assert.Single(quality.Json.GetProperty("rates").EnumerateArray());
        Assert.Equal(("acme", "Price", "2"), (rate.GetProperty("tenant").GetString(), rate.GetProperty("station").GetString(), rate.GetProperty("version").GetString()));
        Assert.Matches("^[0-9a-f]{16}$", rate.GetProperty("codeHash").GetString());
        Assert.Equal(rate.GetProperty("version").GetString() + "+" + rate.GetProperty("codeHash").GetString(), rate.GetProperty("stationVersion").GetString());
        Assert.Equal((4, 1, 0.25), (rate.GetProperty("inspected").GetInt64(), rate.GetProperty("defects").GetInt64(), rate.GetProperty("rate").GetDouble()));
        WilsonInterval expected = WilsonInterval.Of(1, 4);
        Assert.Equal(expected.Low, rate.GetProperty("low").GetDouble(), 12);
        Assert.Equal(expected.High, rate.GetProperty("high").GetDouble(), 12);

        CliResult table = await Run("acme", "quality", "--station", "Price");
        Assert.Contains("25.0%", table.Out, StringComparison.Ordinal);
        Assert.Contains($"{expected.Low * 100:0.0}% – {expected.High * 100:0.0}%", table.Out, StringComparison.Ordinal);

        CliResult all = await Cli.RunAsync(["quality", "--json", "--all-tenants", "--window", "1h", "--since", "1d", "--ledger", ledger]);
        Assert.True(all.Exit == ExitCode.Ok, all.ToString());
        Assert.Equal(["acme", "globex"], all.Json.GetProperty("rates").EnumerateArray().Select(r => r.GetProperty("tenant").GetString()!).Distinct().Order().ToArray());
        Assert.All(all.Json.GetProperty("rates").EnumerateArray(), r => Assert.Equal(TimeSpan.FromHours(1), DateTimeOffset.Parse(r.GetProperty("to").GetString()!, CultureInfo.InvariantCulture) - DateTimeOffset.Parse(r.GetProperty("from").GetString()!, CultureInfo.InvariantCulture)));

        CliResult badWindow = await Run("acme", "quality", "--window", "0m");
        Assert.Equal(ExitCode.Usage, badWindow.Exit);
        Assert.Contains("--window 0m", badWindow.Error, StringComparison.Ordinal);
        Assert.Contains("nothing inspected yet", (await Run("acme", "quality", "--station", "Pack")).Out, StringComparison.Ordinal);
    }
}
