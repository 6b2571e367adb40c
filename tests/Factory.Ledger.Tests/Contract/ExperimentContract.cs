using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Factory.Experiments;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>A run recorded with its inputs kept, read back as an experiment's inputs.</summary>
public abstract class ExperimentContract(LedgerFixture fixture)
{
    private const string Card = "4111-1111-1111-1111";
    private const string Secret = "policy-secret-7f3a";

    private static readonly IScorer<Claim, string> Labels = Scorers.ExactMatch<Claim, string>(c => c.Id % 3 == 0 ? "water" : "other", name: "label");

    [Fact]
    public async Task A_recorded_run_replays_as_an_experiment_with_the_same_figures_and_ids_and_its_sensitive_members_never_stored()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await RecordAsync(temp, "claims", "acme", 60);

        // Kept: blanked where [Sensitive], the secret redacted; neither in the table at all.
        Assert.Equal(60, temp.Scalar("SELECT count(*) FROM input_values WHERE run_id = 'claims'"));
        Assert.Equal(0, temp.Scalar($"SELECT count(*) FROM input_values WHERE json LIKE '%4111%' OR json LIKE '%{Secret}%'"));
        InputRecord second = (await temp.Ledger.ListInputsAsync("claims"))[1];
        Assert.Equal("""{"Id":1,"Text":"claim 1: wind, see ***","Card":"***"}""", second.InputJson);

        RecordedInputs<Claim> inputs = await RecordedInputs.LoadAsync(temp.Ledger.View(LedgerScope.ForTenant("acme")), "claims", ClaimJson.Default.Claim);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), inputs.Sequences);
        Assert.All(inputs.Values, c => Assert.Equal("***", c.Card));

        // Another tenant does not see the run, as if it did not exist.
        var hidden = await Assert.ThrowsAsync<LedgerException>(() => RecordedInputs.LoadAsync(temp.Ledger.View(LedgerScope.ForTenant("globex")), "claims", ClaimJson.Default.Claim));
        Assert.Contains("no run 'claims'", hidden.Message, StringComparison.Ordinal);

        // The experiment's runs are recorded too; run again (into another ledger: this one knows them done), the same ids and figures.
        ExperimentReport first = await Experiment(temp).RunAsync(inputs, Labels);
        await using TempLedger other = await fixture.OpenAsync();
        ExperimentReport again = await Experiment(other).RunAsync(inputs, Labels);
        Assert.Equal("run claims", first.Source);
        Assert.Equal((60, 39, 21, 0), (first.A.Right, first.B.Right, first.OnlyA, first.OnlyB));
        Assert.Equal(Figures(first), Figures(again));
        Assert.Equal(await MaterialIds(temp, "sort-b"), await MaterialIds(other, "sort-b"));
        Assert.Equal(60, (await MaterialIds(temp, "sort-a")).Count);

        // The same experiment again into the ledger that holds its runs would skip every input: refused, saying why.
        var known = await Assert.ThrowsAsync<InvalidOperationException>(() => Experiment(temp).RunAsync(inputs, Labels));
        Assert.Contains("60 of the 60 inputs did not enter run 'sort-a'", known.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_not_kept_cannot_be_read_back_and_keeping_needs_json_metadata()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        LineRun<Claim, string> plain = new ClaimLine(new SortClaim()).Start(new RunOptions { RunId = "plain", Observers = [temp.Ledger.Observe(new LedgerObserveOptions { Inputs = ClaimJson.Default })] });
        await plain.Input.WriteAsync(new Claim(1, "water", Card));
        plain.Input.Complete();
        await plain.Output.ReadAsync();
        await plain.Completion;
        await temp.Ledger.FlushAsync();
        var notKept = await Assert.ThrowsAsync<LedgerException>(() => RecordedInputs.LoadAsync(temp.Ledger.View(LedgerScope.ForTenant("default")), "plain", ClaimJson.Default.Claim));
        Assert.Contains("Input 0 of run 'plain' was not kept", notKept.Message, StringComparison.Ordinal);

        await using TempLedger bare = await fixture.OpenAsync(LedgerSettings.Default with { Inputs = null });
        var noJson = Assert.Throws<LedgerException>(() => new ClaimLine(new SortClaim()).Start(new RunOptions { RunId = "nojson", Observers = [bare.Ledger.Observe(new LedgerObserveOptions { KeepInputs = true })] }));
        Assert.Contains("Run 'nojson' of line 'ClaimLine' asks to keep its inputs (KeepInputs), but the ledger has no JSON metadata", noJson.Message, StringComparison.Ordinal);
        Assert.Contains("lists Factory.Ledger.Tests.Claim", noJson.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_purge_removes_the_inputs_a_run_kept_with_its_materials()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await RecordAsync(temp, "claims", "acme", 10);
        Assert.Equal(10, temp.Scalar("SELECT count(*) FROM input_values WHERE run_id = 'claims'"));

        await temp.Ledger.PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(1), "ops@factory");
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM input_values"));
        var purged = await Assert.ThrowsAsync<LedgerException>(() => RecordedInputs.LoadAsync(temp.Ledger.View(LedgerScope.ForTenant("acme")), "claims", ClaimJson.Default.Claim));
        Assert.Contains("Input 0 of run 'claims' was not kept", purged.Message, StringComparison.Ordinal);
    }

    private static Experiment<Claim, string> Experiment(TempLedger temp) =>
        new("sort", new ClaimLine(new SortClaim()), new ClaimLineV2(new SortClaimV2()))
        {
            Job = new JobOrder("sort-job", "acme"),
            Observers = _ => [temp.Ledger.Observe(new LedgerObserveOptions { Inputs = ClaimJson.Default })],
        };

    private static async Task RecordAsync(TempLedger temp, string runId, string tenant, int count)
    {
        var job = new JobOrder(runId + "-job", tenant) { Secrets = new JobSecrets(new Dictionary<string, string> { ["policy"] = Secret }) };
        var options = new RunOptions { RunId = runId, Job = job, Observers = [temp.Ledger.Observe(new LedgerObserveOptions { Inputs = ClaimJson.Default, KeepInputs = true })] };
        IEnumerable<Claim> claims = Enumerable.Range(0, count).Select(i => new Claim(i, $"claim {i}: {(i % 3 == 0 ? "water" : i % 3 == 1 ? "wind" : "flood")}, see {Secret}", Card));
        (LineReport report, List<string> outputs) = await Runs.RunAsync(new ClaimLine(new SortClaim()), claims, options);
        Assert.Equal((LineOutcome.Completed, count), (report.Outcome, outputs.Count));
        await temp.Ledger.FlushAsync();
    }

    private static async Task<IReadOnlyList<long>> MaterialIds(TempLedger temp, string runId)
    {
        await temp.Ledger.FlushAsync();
        return (await temp.Ledger.ListInputsAsync(runId)).Select(i => i.MaterialId).ToArray();
    }

    private static (int, int, int, double, double, double, double, double, string, string) Figures(ExperimentReport report) =>
        (report.Inputs, report.OnlyA, report.OnlyB, report.Agreement, report.McNemarP, report.Difference, report.DifferenceLow, report.DifferenceHigh, report.A.RunId, report.B.RunId);
}
