using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Factory.Experiments;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

[Station]
public sealed partial class Parity
{
    public string Process(int input) => input % 2 == 0 ? "even" : "odd";
}

/// <summary>Version 2 of <see cref="Parity"/>, with a bug: it calls 7, 17, 27, ... even.</summary>
[Station(Name = "Parity", Version = "2")]
public sealed partial class ParityV2
{
    public string Process(int input) => input % 2 == 0 || input % 10 == 7 ? "even" : "odd";
}

/// <summary>Fails on multiples of 100: no output for them.</summary>
[Station(Name = "Parity", Version = "3")]
public sealed partial class ParityV3
{
    public string Process(int input) => input % 100 == 0 && input > 0 ? throw new InvalidOperationException("hundred") : input % 2 == 0 ? "even" : "odd";
}

[Line]
[Step<Parity>]
public sealed partial class ParityLine;

[Line]
[Step<ParityV2>]
public sealed partial class ParityLineV2;

[Line]
[Step<ParityV3>]
public sealed partial class ParityLineV3;

[Line]
[Step<Repeat>]
[Step<Show>]
public sealed partial class RepeatShown;

public sealed class ExperimentTests
{
    private static readonly int[] Inputs = Enumerable.Range(0, 1000).ToArray();

    private static readonly IScorer<int, string> Labels = Scorers.ExactMatch<int, string>(i => i % 2 == 0 ? "even" : "odd", name: "label");

    [Fact]
    public async Task A_worse_candidate_is_found_worse_with_McNemar_and_the_bootstrap_and_fails_the_gate()
    {
        ExperimentReport report = await new Experiment<int, string>("parity", new ParityLine(new Parity()), new ParityLineV2(new ParityV2())) { NameOfA = "v1", NameOfB = "v2" }
            .RunAsync(Inputs, Labels);

        // v2 is wrong on the 100 inputs ending in 7, all of them odd; right on the rest, as v1 is on all.
        Assert.Equal((1000, 1000, 900, 100, 0), (report.A.Right, report.A.Right, report.B.Right, report.OnlyA, report.OnlyB));
        Assert.Equal(0.9, report.Agreement);
        Assert.Equal(-0.1, report.Difference, 12);
        Assert.InRange(report.DifferenceLow, -0.12, -0.1);
        Assert.InRange(report.DifferenceHigh, -0.1, -0.08);

        // McNemar exact: 2 × ½^100.
        Assert.Equal(1.0, report.McNemarP / (2 * Math.Pow(0.5, 100)), 9);
        Assert.False(report.IsNotWorse(margin: 0.05));
        var failed = Assert.Throws<ExperimentFailedException>(() => report.AssertNotWorse());
        Assert.Contains("v2 is worse than v1", failed.Message, StringComparison.Ordinal);
        Assert.Contains("| accuracy (95% CI) | 1 (0.9962–1) | 0.9 (0.8798–0.9171) |", failed.Message, StringComparison.Ordinal);
        Assert.Equal(("parity-a", "parity-b"), (report.A.RunId, report.B.RunId));

        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(100, json.RootElement.GetProperty("onlyA").GetInt32());
        Assert.Equal(900, json.RootElement.GetProperty("b").GetProperty("right").GetInt32());
    }

    [Fact]
    public async Task Each_variant_gets_the_defect_rate_its_inspectors_found_with_its_interval_in_every_format()
    {
        var sampling = new Quality.Sampling().Inspect<int, string>("Parity", new ParityInspector());
        ExperimentReport report = await new Experiment<int, string>("inspected", new ParityLine(new Parity()), new ParityLineV2(new ParityV2())) { Sampling = sampling }
            .RunAsync(Inputs, Labels);

        Assert.Equal((1000, 0, 1000, 100), (report.A.Inspected, report.A.Defects, report.B.Inspected, report.B.Defects));
        Assert.Equal(Quality.WilsonInterval.Of(100, 1000), report.B.DefectRate);
        Assert.Contains("| inspectors' defect rate (95% CI) | 0 of 1000 = 0 (0–0.0038) | 100 of 1000 = 0.1 (0.0829–0.1202) |", report.ToMarkdown(), StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(100, json.RootElement.GetProperty("b").GetProperty("defects").GetInt32());

        ExperimentReport plain = await new Experiment<int, string>("plain", new ParityLine(new Parity()), new ParityLineV2(new ParityV2())).RunAsync(Inputs, Labels);
        Assert.Contains("| inspectors' defect rate (95% CI) | not inspected | not inspected |", plain.ToMarkdown(), StringComparison.Ordinal);
    }

    /// <summary>A defect is an odd number called even.</summary>
    private sealed class ParityInspector : Quality.IInspector<int, string>
    {
        public string Name => "parity-check";

        public Quality.InspectionResult Inspect(int input, string output) =>
            input % 2 == 1 && output == "even" ? Quality.InspectionResult.Defect("wrong-parity") : Quality.InspectionResult.Ok;
    }

    [Fact]
    public async Task An_experiment_run_again_gives_the_same_ids_and_figures_and_an_equal_candidate_passes()
    {
        var experiment = new Experiment<int, string>("same", new ParityLine(new Parity()), new ParityLineV3(new ParityV3())) { Seed = 5 };

        ExperimentReport first = await experiment.RunAsync(Inputs, Labels);
        ExperimentReport again = await experiment.RunAsync(Inputs, Labels);

        // v3 gives nothing for 100, 200, ..., 900: failed, scored 0.
        Assert.Equal((0, 9, 991), (first.A.Failed, first.B.Failed, first.B.Right));
        Assert.Equal(Figures(first), Figures(again));
        Assert.Equal(first.B.Scores, again.B.Scores);
        Assert.True(first.IsNotWorse(margin: 0.02));
        first.AssertNotWorse(margin: 0.02);
        Assert.Equal(2 * Math.Pow(0.5, 9), first.McNemarP, 12);

        ExperimentReport equal = await new Experiment<int, string>("equal", new ParityLine(new Parity()), new ParityLine(new Parity())).RunAsync(Inputs, Labels);
        Assert.Equal((1.0, 0.0, 1.0, 0.0, 0.0), (equal.Agreement, equal.Difference, equal.McNemarP, equal.DifferenceLow, equal.DifferenceHigh));
        equal.AssertNotWorse();
    }

    [Fact]
    public async Task A_line_with_effects_or_one_that_cannot_be_paired_is_refused_before_anything_runs()
    {
        var issue = new IssueRefund();
        var refunds = new Refunds(new DraftRefund(), new AutoIssue(), new RefundReview(new ApproveRefund(), issue, new ExplainDecline()));
        var effects = await Assert.ThrowsAsync<ArgumentException>(() => new Experiment<int, RefundOutcome>("refunds", refunds, refunds).RunAsync(Inputs, Scorers.Of<int, RefundOutcome>("any", (_, _) => 1)));
        Assert.Contains("station 'RefundReview/IssueRefund'", effects.Message, StringComparison.Ordinal);
        Assert.Contains("refunds:issue", effects.Message, StringComparison.Ordinal);

        var splits = await Assert.ThrowsAsync<ArgumentException>(() => new Experiment<int, string>("splits", new ParityLine(new Parity()), new RepeatShown(new Repeat(), new Show())).RunAsync(Inputs, Labels));
        Assert.Contains("station 'Repeat'", splits.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void McNemar_matches_hand_computed_binomial_tails()
    {
        // 2 and 8 discordant: 2 × (1 + 10 + 45) / 1024 = 0.109375.
        Assert.Equal(0.109375, Statistics.McNemar(2, 8), 12);
        Assert.Equal(0.109375, Statistics.McNemar(8, 2), 12);
        Assert.Equal(1, Statistics.McNemar(5, 5));
        Assert.Equal(1, Statistics.McNemar(0, 0));
        Assert.InRange(Statistics.McNemar(2000, 2200), 0.002, 0.003);
    }

    private static (int, int, int, double, double, double, double, double, long, long) Figures(ExperimentReport report) =>
        (report.Inputs, report.OnlyA, report.OnlyB, report.Agreement, report.McNemarP, report.Difference, report.DifferenceLow, report.DifferenceHigh, report.A.Right + report.B.Right, report.A.Tokens + report.B.Tokens);
}
