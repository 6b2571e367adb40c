using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory.Experiments;
using Factory.Gates;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

/// <summary>Sends the parity it is given somewhere outside the line; counts what it really sent.</summary>
[Station(Effects = "mail:send")]
public sealed partial class MailParity
{
    private int sent;

    public int Sent => Volatile.Read(ref sent);

    public string Process(string parity)
    {
        Interlocked.Increment(ref sent);
        return parity;
    }
}

/// <summary>Charges a card for an input and says what it charged: its output is not its input.</summary>
[Station(Effects = "cards:charge")]
public sealed partial class ChargeCard
{
    private int charged;

    public int Charged => Volatile.Read(ref charged);

    public string Process(int amount)
    {
        Interlocked.Increment(ref charged);
        return amount % 2 == 0 ? "even" : "odd";
    }
}

#pragma warning disable FCT0025 // Ungated effects on purpose: what a recorder stands in for.
[Line]
[Step<Parity>]
[Step<MailParity>]
public sealed partial class MailedParity;

[Line]
[Step<ChargeCard>]
public sealed partial class Charging;
#pragma warning restore FCT0025

public sealed class ExperimentEffectTests
{
    private static Refunds Refunds(IssueRefund issue) => new(new DraftRefund(), new AutoIssue(), new RefundReview(new ApproveRefund(), issue, new ExplainDecline()));

    private static readonly int[] Inputs = Enumerable.Range(0, 200).ToArray();

    private static readonly IScorer<int, string> Labels = Scorers.ExactMatch<int, string>(i => i % 2 == 0 ? "even" : "odd", name: "label");

    [Fact]
    public async Task A_recorder_stands_in_for_a_station_with_effects_which_never_runs_and_passes_its_input_on()
    {
        var mailA = new MailParity();
        var mailB = new MailParity();
        var effects = new EffectRecorder();
        ExperimentReport report = await new Experiment<int, string>("mail", new MailedParity(new Parity(), mailA), new MailedParity(new Parity(), mailB)) { Effects = effects }
            .RunAsync(Inputs, Labels);

        Assert.Equal((0, 0), (mailA.Sent, mailB.Sent));
        Assert.Equal((200, 200), (report.A.Right, report.B.Right));
        Assert.Equal(400, effects.Recorded.Count);
        Assert.Equal(200, effects.Recorded.Count(e => e.RunId == "mail-a"));
        RecordedEffect first = effects.Recorded.First(e => e.RunId == "mail-b");
        Assert.Equal(("MailParity", "mail:send"), (first.Station, Assert.Single(first.Effects)));
        Assert.Equal(Inputs.Select(i => i % 2 == 0 ? "even" : "odd"), effects.Recorded.Where(e => e.RunId == "mail-b").OrderBy(e => e.MaterialId).Select(e => (string)e.Input!));

        // Without a recorder the same experiment is refused before anything runs, and the station did not run either.
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => new Experiment<int, string>("mail", new MailedParity(new Parity(), mailA), new MailedParity(new Parity(), mailB)).RunAsync(Inputs, Labels));
        Assert.Contains("station 'MailParity'", refused.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), (mailA.Sent, mailB.Sent));
    }

    [Fact]
    public async Task A_station_whose_output_is_not_its_input_needs_a_stand_in_output_or_the_run_is_refused_at_its_start()
    {
        var a = new ChargeCard();
        var b = new ChargeCard();
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => new Experiment<int, string>("charge", new Charging(a), new Charging(b)) { Effects = new EffectRecorder() }.RunAsync(Inputs, Labels));
        Assert.Contains("Station 'ChargeCard' has effects (cards:charge)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("StandIn<", refused.Message, StringComparison.Ordinal);

        var wrongTypes = new EffectRecorder().StandIn<string, string>("ChargeCard", s => s);
        var mismatch = await Assert.ThrowsAsync<ArgumentException>(() => new Experiment<int, string>("charge", new Charging(a), new Charging(b)) { Effects = wrongTypes }.RunAsync(Inputs, Labels));
        Assert.Contains("The stand-in for station 'ChargeCard'", mismatch.Message, StringComparison.Ordinal);

        // The stand-in says "odd" for everything: B's stand-in, like A's, is scored, not the real station.
        var effects = new EffectRecorder().StandIn<int, string>("ChargeCard", _ => "odd");
        ExperimentReport report = await new Experiment<int, string>("charge", new Charging(a), new Charging(b)) { Effects = effects }.RunAsync(Inputs, Labels);
        Assert.Equal((0, 0), (a.Charged, b.Charged));
        Assert.Equal((100, 100), (report.A.Right, report.B.Right));
        Assert.Equal(400, effects.Recorded.Count);

        // A plain run with a recorder is the same: RunOptions.Effects.
        var run = new Charging(a).Start(new RunOptions { Effects = effects });
        await run.Input.WriteAsync(7);
        run.Input.Complete();
        Assert.Equal("odd", await run.Output.ReadAsync());
        await run.Completion;
        Assert.Equal(0, a.Charged);
    }

    [Fact]
    public async Task A_gated_line_runs_with_its_gates_decided_by_a_rule_its_routed_outputs_paired_by_input_and_its_refunds_never_issued()
    {
        var issueA = new IssueRefund();
        var issueB = new IssueRefund();
        var effects = new EffectRecorder().StandIn<Approved<LargeRefund>, RefundOutcome>("IssueRefund", a => new RefundOutcome(a.Payload.Id, "would issue", a.Payload.Amount, a.Approver));
        var experiment = new Experiment<int, RefundOutcome>("refund-gates", Refunds(issueA), Refunds(issueB))
        {
            Effects = effects,
            Gates = item => ((LargeRefund)item.Payload!).Amount > 1_100 ? GateVerdict.Reject("too much") : GateVerdict.Approve(),
        };

        // Small refunds go out at once, large ones (every tenth) through the gate, and the routes merge out of input order.
        ExperimentReport report = await experiment.RunAsync(Inputs, Scorers.Of<int, RefundOutcome>("its own refund", (id, outcome) => outcome.Id == id && outcome.Kind == Expected(id) ? 1 : 0));

        Assert.Equal((0, 0), (issueA.Issued, issueB.Issued));
        Assert.Equal((200, 200, 0, 0), (report.A.Right, report.B.Right, report.A.Failed, report.B.Failed));

        // Large refunds 0, 10, ..., 100 approved (1,000 + id up to 1,100): 11 per variant would have been issued, by the experiment.
        Assert.Equal(22, effects.Recorded.Count);
        Assert.All(effects.Recorded, e => Assert.Equal(("RefundReview/IssueRefund", "experiment"), (e.Station, ((Approved<LargeRefund>)e.Input!).Approver)));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => new Experiment<int, RefundOutcome>("ungated", Refunds(issueA), Refunds(issueB)) { Effects = effects }.RunAsync(Inputs, Scorers.Of<int, RefundOutcome>("any", (_, _) => 1)));
        Assert.Contains("gate 'RefundReview/ApproveRefund' of variant A (line 'Refunds') would wait for a person", refused.Message, StringComparison.Ordinal);

        static string Expected(int id) => id % 10 != 0 ? "auto" : id <= 100 ? "would issue" : "declined: too much";
    }

    [Fact]
    public async Task The_report_shows_cost_and_tokens_per_input_and_latency_quantiles_with_intervals_in_every_format()
    {
        ExperimentReport report = await new Experiment<int, string>("figures", new ParityLine(new Parity()), new ParityLine(new Parity())).RunAsync(Enumerable.Range(0, 1000).ToArray(), Labels);

        // No thinking unit: no tokens, no cost, and intervals of exactly nothing.
        Assert.Equal((0m, new Estimate(0, 0, 0), new Estimate(0, 0, 0)), (report.A.Cost, report.A.CostPerInput, report.B.TokensPerInput));
        Assert.InRange(report.A.LatencyP50.Value, report.A.LatencyP50.Low, report.A.LatencyP50.High);
        Assert.InRange(report.A.LatencyP95.Value, report.A.LatencyP95.Low, report.A.LatencyP95.High);
        Assert.True(report.A.LatencyP50.High <= report.A.LatencyP95.Value);

        string markdown = report.ToMarkdown();
        Assert.Contains("| cost | 0 | 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| latency p95 ms (95% CI) |", markdown, StringComparison.Ordinal);
        string console = report.ToConsoleTable();
        Assert.Contains("cost per input (95% CI)  ", console, StringComparison.Ordinal);
        Assert.DoesNotContain("|", console, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        JsonElement a = json.RootElement.GetProperty("a");
        Assert.Equal(0, a.GetProperty("cost").GetDecimal());
        Assert.Equal(report.A.LatencyP95.High, a.GetProperty("latencyP95").GetProperty("high").GetDouble());
    }

    [Fact]
    public void Quantile_intervals_are_the_order_statistics_around_the_quantile()
    {
        double[] values = Enumerable.Range(1, 1000).Select(i => (double)i).ToArray();

        // 1000 × 0.5 ∓ 1.96 × √250 = 500 ∓ 30.99: ranks 469 and 531.
        Assert.Equal((469.0, 531.0), Statistics.QuantileInterval(values, 0.5));

        // 950 ∓ 1.96 × √47.5 = 950 ∓ 13.51: ranks 936 and 964.
        Assert.Equal((936.0, 964.0), Statistics.QuantileInterval(values, 0.95));
        Assert.Equal((7.0, 7.0), Statistics.QuantileInterval([7.0], 0.95));
        Assert.Equal((0.0, 0.0), Statistics.QuantileInterval([], 0.5));
    }
}
