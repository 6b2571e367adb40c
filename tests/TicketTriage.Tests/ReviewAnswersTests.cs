using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger.Sqlite;
using Factory.Quality;
using TicketTriage.Cli;
using TicketTriage.Running;
using TicketTriage.Serialization;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

/// <summary>
/// Quality sampling in the sample's run (2% of Classify's outputs to the review queue) and
/// <c>--answer-reviews</c>, which answers them from the known labels and prints the defect rate per
/// Classify version; run in process on a ledger of its own.
/// </summary>
public sealed class ReviewAnswersTests : IDisposable
{
    private const int Count = 4_000;
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"tickettriage-reviews-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_of_each_version_samples_2_percent_and_answer_reviews_prints_each_versions_defect_rate_from_the_labels()
    {
        string output = Path.Combine(folder, "outcomes.jsonl");
        Assert.Equal(0, await RunAsync("--count", "4000", "--out", output, "--plain", "--pain-points", "0"));
        Assert.Equal(0, await RunAsync("--count", "4000", "--out", output, "--plain", "--pain-points", "0", "--classifier", "2"));

        string ledgerFile = Path.Combine(folder, "ledger.db");
        IReadOnlyList<ReviewItem> queued;
        await using (var ledger = new SqliteLedger(ledgerFile, new SqliteLedgerOptions { Inputs = TriageJsonContext.Lines }))
        {
            queued = await ledger.Quality.ListReviewsAsync(new ReviewQuery { Station = TriageSampling.Station });
        }

        // 2% of each run's 3,980 classified tickets, within five standard deviations; the same seed picks the same tickets in both runs.
        ILookup<string, ReviewItem> byVersion = queued.ToLookup(q => q.StationVersion, StringComparer.Ordinal);
        Assert.Equal(2, byVersion.Count);
        double expected = 3_980 * TriageSampling.Rate, spread = 5 * Math.Sqrt(3_980 * TriageSampling.Rate * (1 - TriageSampling.Rate));
        foreach (IGrouping<string, ReviewItem> version in byVersion)
        {
            Assert.InRange(version.Count(), expected - spread, expected + spread);
            Assert.All(version, item => Assert.Equal(SampleReason.Rate, item.Reason));
        }

        string v1 = byVersion.Select(g => g.Key).Single(k => k.StartsWith("1+", StringComparison.Ordinal));
        string v2 = byVersion.Select(g => g.Key).Single(k => k.StartsWith("2+", StringComparison.Ordinal));
        Assert.Equal(byVersion[v1].Select(i => i.Root).Order(), byVersion[v2].Select(i => i.Root).Order());

        // The defects, worked out here: the sampled redacted ticket classified again by each version, against its label.
        int defectsV1 = byVersion[v1].Count(i => Wrong(i, t => ShippedModel.Instance.Predict(t).Label));
        int defectsV2 = byVersion[v2].Count(i => Wrong(i, t => ShippedModelV2.Instance.Predict(t).Label));
        Assert.True(defectsV1 > 0 && defectsV2 > 0, "a sample of 80 with a 6% error rate has defects");

        var printed = new StringWriter();
        Assert.True(TriageOptions.TryParse(["--answer-reviews", "--out", output], out TriageOptions options, out string? error), error);
        Assert.Equal(0, await ReviewAnswers.RunAsync(options, printed, CancellationToken.None));

        string text = printed.ToString();
        Assert.Contains($"answered {queued.Count} open reviews", text, StringComparison.Ordinal);
        Assert.Contains($"{queued.Count - defectsV1 - defectsV2} ok, {defectsV1 + defectsV2} defects", text, StringComparison.Ordinal);
        AssertRate(text, v1, defectsV1, byVersion[v1].Count());
        AssertRate(text, v2, defectsV2, byVersion[v2].Count());

        // Each defect was recorded with the label as its corrected output, by the known-labels reviewer.
        await using (var ledger = new SqliteLedger(ledgerFile, new SqliteLedgerOptions { Inputs = TriageJsonContext.Lines }))
        {
            IReadOnlyList<ReviewItem> reviewed = await ledger.Quality.ListReviewsAsync(new ReviewQuery { Station = TriageSampling.Station, Status = ReviewStatus.Reviewed });
            Assert.Equal(queued.Count, reviewed.Count);
            foreach (ReviewItem item in reviewed.Where(r => r.Review!.Result.IsDefect))
            {
                Assert.Equal(ReviewAnswers.Reviewer, item.Review!.Reviewer);
                Classified corrected = JsonSerializer.Deserialize(item.Review.CorrectedJson!, TriageJsonContext.Lines.Classified)!;
                Assert.Equal(corrected.ExpectedCategory, corrected.Category);
            }
        }

        // Answered once: a second time finds nothing open and prints the same rates.
        var again = new StringWriter();
        Assert.Equal(0, await ReviewAnswers.RunAsync(options, again, CancellationToken.None));
        Assert.Contains("answered 0 open reviews", again.ToString(), StringComparison.Ordinal);
        AssertRate(again.ToString(), v1, defectsV1, byVersion[v1].Count());
    }

    [Fact]
    public async Task Answer_reviews_without_a_ledger_says_which_options_find_it_and_fails()
    {
        var printed = new StringWriter();
        Assert.True(TriageOptions.TryParse(["--answer-reviews", "--out", Path.Combine(folder, "none", "outcomes.jsonl")], out TriageOptions options, out string? error), error);

        Assert.Equal(1, await ReviewAnswers.RunAsync(options, printed, CancellationToken.None));
        Assert.Contains("give the --ledger or --out the run used", printed.ToString(), StringComparison.Ordinal);
        Assert.False(TriageOptions.TryParse(["--answer-reviews", "--no-ledger"], out _, out string? refused));
        Assert.Contains("--answer-reviews", refused, StringComparison.Ordinal);
    }

    private static async Task<int> RunAsync(params string[] args)
    {
        Assert.True(TriageOptions.TryParse(args, out TriageOptions options, out string? error), error);
        return await TriageRunner.RunAsync(options, name => null, CancellationToken.None);
    }

    private static bool Wrong(ReviewItem item, Func<string, string> classify)
    {
        Redacted input = JsonSerializer.Deserialize(item.InputJson!, TriageJsonContext.Lines.Redacted)!;
        return classify(input.Text) != input.ExpectedCategory;
    }

    /// <summary>The printed line of one version: its counts, and the rate and Wilson interval computed here.</summary>
    private static void AssertRate(string text, string version, int defects, int inspected)
    {
        WilsonInterval interval = WilsonInterval.Of(defects, inspected);
        string line = text.Split('\n').Single(l => l.Contains(version, StringComparison.Ordinal));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{defects} defects of {inspected} inspected = {(double)defects / inspected:0.0%} (95% CI {interval.Low:0.0%} to {interval.High:0.0%})"), line, StringComparison.Ordinal);
    }
}
