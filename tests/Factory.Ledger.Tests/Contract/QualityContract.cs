using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Factory.Quality;
using Xunit;

namespace Factory.Ledger.Tests;

public abstract class QualityContract(LedgerFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sampled_outputs_wait_in_the_review_queue_with_input_and_output_and_each_is_reviewed_once_and_audited()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        IQualityStore quality = temp.Ledger.Quality;
        await RunAsync(temp, new OrderLine(new Receive(new Journal()), new Ship(new Journal())), "sampled", "acme", 10, new Sampling().Station("Receive", 1.0));

        IReadOnlyList<ReviewItem> queue = await quality.ListReviewsAsync(new ReviewQuery { Station = "Receive" });
        Assert.Equal(10, queue.Count);
        ReviewItem first = queue[0];
        Assert.Equal(("sampled", "acme", "OrderLine", Receive.Descriptor.FullVersion, SampleReason.Rate, ReviewStatus.Open), (first.RunId, first.Tenant, first.Line, first.StationVersion, first.Reason, first.Status));
        Assert.Equal(("Factory.Ledger.Tests.Order", "Factory.Ledger.Tests.Checked"), (first.InputType, first.OutputType));
        Assert.Equal("""{"Id":0,"Text":"order 0"}""", first.InputJson);
        Assert.Equal("""{"Id":0,"Text":"order 0"}""", first.OutputJson);
        Assert.Empty(await quality.ListReviewsAsync(new ReviewQuery { Station = "Ship" }));

        ReviewItem ok = await quality.ReviewAsync(queue[0].Id, "ann", InspectionResult.Ok);
        Assert.Equal((ReviewStatus.Reviewed, "ann", Verdict.Ok), (ok.Status, ok.Review!.Reviewer, ok.Review.Result.Verdict));
        ReviewItem corrected = await quality.ReviewAsync(queue[1].Id, "bob", InspectionResult.Defect("typo", "says one"), new Checked(1, "order one"), LedgerJson.Default.Checked);
        Assert.Equal("""{"Id":1,"Text":"order one"}""", corrected.Review!.CorrectedJson);
        Assert.Equal("typo", corrected.Review.Result.Category);

        // Refused, each naming what to fix; nothing is recorded.
        Assert.Contains("reviewed by ann", (await Assert.ThrowsAsync<InvalidOperationException>(() => quality.ReviewAsync(queue[0].Id, "carl", InspectionResult.Ok))).Message, StringComparison.Ordinal);
        Assert.Contains("gives Factory.Ledger.Tests.Checked", (await Assert.ThrowsAsync<ArgumentException>(() => quality.ReviewAsync(queue[2].Id, "carl", InspectionResult.Defect("typo"), new Order(2, "x"), LedgerJson.Default.Order))).Message, StringComparison.Ordinal);
        Assert.Contains("not valid: no text", (await Assert.ThrowsAsync<ArgumentException>(() => quality.ReviewAsync(queue[2].Id, "carl", InspectionResult.Defect("typo"), new Checked(2, string.Empty), LedgerJson.Default.Checked, c => c.Text.Length == 0 ? "no text" : null))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => quality.ReviewAsync(queue[2].Id, "carl", InspectionResult.Ok, new Checked(2, "x"), LedgerJson.Default.Checked));
        Assert.Contains("no sample 999999", (await Assert.ThrowsAsync<InvalidOperationException>(() => quality.ReviewAsync(999999, "carl", InspectionResult.Ok))).Message, StringComparison.Ordinal);

        Assert.Equal(8, (await quality.ListReviewsAsync()).Count);
        Assert.Equal(10, (await quality.ListReviewsAsync(new ReviewQuery { Status = null })).Count);
        IReadOnlyList<AuditEntry> audit = await temp.Ledger.ListAuditAsync(new AuditQuery { Action = "quality.review" });
        Assert.Equal(new[] { ("ann", "ok"), ("bob", "defect typo, corrected") }, audit.Select(a => (a.Actor, a.Detail!)));
        Assert.All(audit, a => Assert.Equal("acme", a.Tenant));
    }

    [Fact]
    public async Task Defect_rates_count_inspectors_and_reviews_per_tenant_station_version_and_window_with_Wilson_intervals()
    {
        var clock = new ManualClock(Start.AddMinutes(10));
        await using TempLedger temp = await fixture.OpenAsync(LedgerSettings.Default with { Clock = clock });
        IQualityStore quality = temp.Ledger.Quality;

        // Hour 0: Ship of acme finds 2 defects in 10. Hour 1: Receive version 2 of acme 1 in 10, and globex's Ship none in 5.
        await RunAsync(temp, new OrderLine(new Receive(new Journal()), new Ship(new Journal())), "a", "acme", 10, new Sampling().Inspect("Ship", new DefectIds<Checked, Shipped>(c => c.Id, 0, 5)));
        clock.Now = Start.AddMinutes(70);
        await RunAsync(temp, new OrderLineV2(new ReceiveV2(new Journal()), new Ship(new Journal())), "b", "acme", 10, new Sampling().Inspect("Receive", new DefectIds<Order, Checked>(o => o.Id, 3)));
        await RunAsync(temp, new OrderLine(new Receive(new Journal()), new Ship(new Journal())), "c", "globex", 5, new Sampling().Inspect("Ship", new DefectIds<Checked, Shipped>(c => c.Id)));

        IReadOnlyList<DefectRate> acme = await quality.DefectRatesAsync(new DefectRateQuery { Tenant = "acme" });
        Assert.Equal(new[] { ("Receive", ReceiveV2.Descriptor.FullVersion, 10L, 1L), ("Ship", Ship.Descriptor.FullVersion, 10L, 2L) }, acme.Select(r => (r.Station, r.StationVersion, r.Inspected, r.Defects)));
        Assert.StartsWith("2+", acme[0].StationVersion, StringComparison.Ordinal);

        // Wilson 95% by hand: 1 of 10 is (0.017876, 0.404150); 2 of 10 is (0.056682, 0.509838).
        Assert.Equal((0.017876, 0.404150), (Math.Round(acme[0].Interval.Low, 6), Math.Round(acme[0].Interval.High, 6)));
        Assert.Equal((0.056682, 0.509838), (Math.Round(acme[1].Interval.Low, 6), Math.Round(acme[1].Interval.High, 6)));
        Assert.Equal(0.2, acme[1].Rate);

        IReadOnlyList<DefectRate> hourly = await quality.DefectRatesAsync(new DefectRateQuery { Since = Start, Window = TimeSpan.FromHours(1) });
        Assert.Equal(
            new[] { ("acme", "Receive", Start.AddHours(1), 10L), ("acme", "Ship", Start, 10L), ("globex", "Ship", Start.AddHours(1), 5L) },
            hourly.Select(r => (r.Tenant, r.Station, r.From, r.Inspected)));
        Assert.All(hourly, r => Assert.Equal(TimeSpan.FromHours(1), r.To - r.From));
        Assert.Empty(await quality.DefectRatesAsync(new DefectRateQuery { Until = Start }));
        WilsonInterval none = (await quality.DefectRatesAsync(new DefectRateQuery { Tenant = "globex" })).Single().Interval;
        Assert.Equal((0, 0.434482), (Math.Round(none.Low, 6), Math.Round(none.High, 6)));
    }

    [Fact]
    public async Task Defect_rates_over_10000_inspections_are_counted_by_the_database_per_version_and_window()
    {
        var clock = new ManualClock(Start);
        await using TempLedger temp = await fixture.OpenAsync(LedgerSettings.Default with { Clock = clock });
        int[] everyThirteenth = [.. Enumerable.Range(0, 2_500).Where(i => i % 13 == 0)];

        // Four runs of 2,500 inspected, 193 defects each, at 0:05, 1:05 (version 1), 2:05 and 3:05 (version 2).
        for (int hour = 0; hour < 4; hour++)
        {
            clock.Now = Start.AddMinutes((hour * 60) + 5);
            ILine<Order, Checked> line = hour < 2 ? new ReceiveLine(new Receive(new Journal())) : new ReceiveLineV2(new ReceiveV2(new Journal()));
            await RunAsync(temp, line, "many-" + hour, "acme", 2_500, new Sampling().Inspect("Receive", new DefectIds<Order, Checked>(o => o.Id, everyThirteenth)));
        }

        Assert.Equal(10_000, temp.Scalar("SELECT count(*) FROM inspections"));
        IReadOnlyList<DefectRate> versions = await temp.Ledger.Quality.DefectRatesAsync();
        Assert.Equal(
            new[] { (Receive.Descriptor.FullVersion, 5_000L, 386L, Start.AddMinutes(5), Start.AddMinutes(65)), (ReceiveV2.Descriptor.FullVersion, 5_000L, 386L, Start.AddMinutes(125), Start.AddMinutes(185)) },
            versions.Select(r => (r.StationVersion, r.Inspected, r.Defects, r.From, r.To)));

        // Wilson 95% by hand: 386 of 5,000 is (0.070122, 0.084927); 193 of 2,500 is (0.067374, 0.088323).
        Assert.All(versions, r => Assert.Equal((0.070122, 0.084927), (Math.Round(r.Interval.Low, 6), Math.Round(r.Interval.High, 6))));

        // Windows of an hour from 0:30: the run at 0:05 is before them; 1:05, 2:05 and 3:05 fall in windows 0, 1 and 2.
        IReadOnlyList<DefectRate> hourly = await temp.Ledger.Quality.DefectRatesAsync(new DefectRateQuery { Since = Start.AddMinutes(30), Window = TimeSpan.FromHours(1) });
        Assert.Equal(
            new[] { (Receive.Descriptor.FullVersion, Start.AddMinutes(30), 2_500L, 193L), (ReceiveV2.Descriptor.FullVersion, Start.AddMinutes(90), 2_500L, 193L), (ReceiveV2.Descriptor.FullVersion, Start.AddMinutes(150), 2_500L, 193L) },
            hourly.Select(r => (r.StationVersion, r.From, r.Inspected, r.Defects)));
        Assert.All(hourly, r => Assert.Equal((0.067374, 0.088323), (Math.Round(r.Interval.Low, 6), Math.Round(r.Interval.High, 6))));

        // Windows of 7 minutes from the epoch: each run's inspections in one window of their own, the one its time falls in.
        IReadOnlyList<DefectRate> odd = await temp.Ledger.Quality.DefectRatesAsync(new DefectRateQuery { Window = TimeSpan.FromMinutes(7) });
        DateTimeOffset[] times = [.. Enumerable.Range(0, 4).Select(hour => Start.AddMinutes((hour * 60) + 5))];
        Assert.Equal(times, odd.Select(r => times.Single(t => r.From <= t && t < r.To)));
        Assert.All(odd, r => Assert.Equal(0, (r.From - DateTimeOffset.UnixEpoch).Ticks % TimeSpan.FromMinutes(7).Ticks));
    }

    [Fact]
    public async Task A_tripped_andon_is_audited_and_routes_the_stations_outputs_to_review()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        Sampling sampling = new Sampling()
            .Inspect("Ship", new DefectIds<Checked, Shipped>(c => c.Id, [.. Enumerable.Range(0, 100)]))
            .Andon("Ship", new AndonRule(0.05, 20, AndonAction.RouteToReview));

        await RunAsync(temp, new OrderLine(new Receive(new Journal()), new Ship(new Journal())), "andon", "acme", 100, sampling);

        // More than 1 defect in 20: the second defect trips it, and that output and every later one go to review.
        AuditEntry trip = Assert.Single(await temp.Ledger.ListAuditAsync(new AuditQuery { Action = "quality.andon" }));
        Assert.Equal(("acme", "run andon station Ship"), (trip.Tenant, trip.Target));
        Assert.Contains("2 defects in the last 2 inspected", trip.Detail, StringComparison.Ordinal);
        IReadOnlyList<ReviewItem> routed = await temp.Ledger.Quality.ListReviewsAsync(new ReviewQuery { RunId = "andon" });
        Assert.Equal(99, routed.Count);
        Assert.All(routed, r => Assert.Equal(SampleReason.Andon, r.Reason));
        Assert.Equal(100, temp.Scalar("SELECT count(*) FROM inspections WHERE run_id = 'andon' AND verdict = 'defect'"));
    }

    [Fact]
    public async Task A_review_of_a_live_runs_sample_counts_in_its_stations_andon_and_a_defect_pauses_the_line()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        Sampling sampling = new Sampling().Station("Receive", 1.0).Andon("Receive", new AndonRule(0, 10, AndonAction.Pause));
        RunOptions options = Runs.With(temp.Ledger, "live-review", new JobOrder("live-review-job", "acme"));
        LineRun<Order, Checked> run = new ReceiveLine(new Receive(new Journal())).Start(new RunOptions { RunId = options.RunId, Job = options.Job, Observers = options.Observers, Sampling = sampling });
        foreach (Order order in Runs.Orders(2))
        {
            await run.Input.WriteAsync(order);
            await run.Output.ReadAsync();
        }

        await temp.Ledger.FlushAsync();
        IReadOnlyList<ReviewItem> queue = await temp.Ledger.Quality.ListReviewsAsync(new ReviewQuery { RunId = "live-review" });
        Assert.Equal(2, queue.Count);

        // No defect allowed: an ok review leaves the line running, a defect trips the andon, which pauses it.
        await temp.Ledger.Quality.ReviewAsync(queue[0].Id, "ann", InspectionResult.Ok);
        Assert.False(run.IsPaused);
        await temp.Ledger.Quality.ReviewAsync(queue[1].Id, "ann", InspectionResult.Defect("wrong"));
        Assert.True(run.IsPaused);

        run.Resume();
        run.Input.Complete();
        await foreach (Checked _ in run.Output.ReadAllAsync())
        {
        }

        Assert.Equal(LineOutcome.Completed, (await run.Completion).Outcome);
        await temp.Ledger.FlushAsync();
        AuditEntry trip = Assert.Single(await temp.Ledger.ListAuditAsync(new AuditQuery { Action = "quality.andon" }));
        Assert.Contains("1 defects in the last 2 inspected", trip.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenants_view_sees_reviews_and_defect_rates_of_its_own_tenant_only()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await RunAsync(temp, new ReceiveLine(new Receive(new Journal())), "acme-run", "acme", 3, new Sampling().Station("Receive", 1.0).Inspect("Receive", new DefectIds<Order, Checked>(o => o.Id, 1)));
        await RunAsync(temp, new ReceiveLine(new Receive(new Journal())), "globex-run", "globex", 2, new Sampling().Station("Receive", 1.0).Inspect("Receive", new DefectIds<Order, Checked>(o => o.Id, 0, 1)));
        IQualityStore acme = temp.Ledger.View(LedgerScope.ForTenant("acme")).Quality;
        IQualityStore all = temp.Ledger.View(LedgerScope.AllTenants("auditor")).Quality;

        IReadOnlyList<ReviewItem> own = await acme.ListReviewsAsync();
        Assert.Equal(3, own.Count);
        Assert.All(own, r => Assert.Equal("acme", r.Tenant));
        Assert.Empty(await acme.ListReviewsAsync(new ReviewQuery { Tenant = "globex" }));
        Assert.Equal(5, (await all.ListReviewsAsync()).Count);

        // Another tenant's sample is not there for acme: not read, not reviewed, and nothing recorded.
        ReviewItem theirs = (await all.ListReviewsAsync(new ReviewQuery { Tenant = "globex" }))[0];
        Assert.Null(await acme.GetReviewAsync(theirs.Id));
        Assert.Contains("in tenant 'acme'", (await Assert.ThrowsAsync<InvalidOperationException>(() => acme.ReviewAsync(theirs.Id, "ann", InspectionResult.Ok))).Message, StringComparison.Ordinal);
        Assert.Equal(ReviewStatus.Open, (await all.GetReviewAsync(theirs.Id))!.Status);

        Assert.Equal(new[] { ("acme", 3L, 1L) }, (await acme.DefectRatesAsync()).Select(r => (r.Tenant, r.Inspected, r.Defects)));
        Assert.Equal(new[] { ("acme", 3L, 1L), ("globex", 2L, 2L) }, (await all.DefectRatesAsync()).Select(r => (r.Tenant, r.Inspected, r.Defects)));
    }

    [Fact]
    public async Task Reviewed_samples_are_recorded_inputs_with_labels_for_an_experiment()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        IQualityStore quality = temp.Ledger.Quality;
        await RunAsync(temp, new ReceiveLine(new Receive(new Journal())), "labels", "acme", 4, new Sampling().Station("Receive", 1.0));
        IReadOnlyList<ReviewItem> queue = await quality.ListReviewsAsync(new ReviewQuery { RunId = "labels" });
        await quality.ReviewAsync(queue[0].Id, "ann", InspectionResult.Ok);
        await quality.ReviewAsync(queue[1].Id, "ann", InspectionResult.Defect("wording"), new Checked(1, "order one"), LedgerJson.Default.Checked);
        await quality.ReviewAsync(queue[2].Id, "ann", InspectionResult.Defect("wording"));

        // Sample 3 is not reviewed, sample 2 is a defect without a correction: two labels.
        IReadOnlyList<Experiments.Labeled<Order, Checked>> set = await Experiments.ReviewedSet.LoadAsync(quality, new ReviewQuery { RunId = "labels" }, LedgerJson.Default.Order, LedgerJson.Default.Checked);
        Assert.Equal(new[] { (new Order(0, "order 0"), new Checked(0, "order 0"), queue[0].Id), (new Order(1, "order 1"), new Checked(1, "order one"), queue[1].Id) }, set.Select(l => (l.Input, l.Label, l.SampleId)));

        Experiments.ExperimentReport report = await new Experiments.Experiment<Order, Checked>("relabel", new ReceiveLine(new Receive(new Journal())), new ReceiveLineV2(new ReceiveV2(new Journal())))
            .RunAsync(set.Select(l => l.Input).ToArray(), Experiments.ReviewedSet.Scorer(set));
        Assert.Equal((1, 1, 0, 0), (report.A.Right, report.B.Right, report.OnlyA, report.OnlyB));
        Assert.Equal("reviewers' labels", report.Scorer);
    }

    private static async Task RunAsync<TOut>(TempLedger temp, ILine<Order, TOut> line, string runId, string tenant, int orders, Sampling sampling)
    {
        RunOptions options = Runs.With(temp.Ledger, runId, new JobOrder(runId + "-job", tenant));
        (LineReport report, List<TOut> outputs) = await Runs.RunAsync(line, Runs.Orders(orders), new RunOptions { RunId = options.RunId, Job = options.Job, Observers = options.Observers, Sampling = sampling });
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(orders, outputs.Count);
        await temp.Ledger.FlushAsync();
    }
}

/// <summary>Finds a defect in the outputs whose input has one of the given ids.</summary>
internal sealed class DefectIds<TIn, TOut>(Func<TIn, int> id, params int[] ids) : IInspector<TIn, TOut>
{
    private readonly HashSet<int> defective = [.. ids];

    public string Name => "defect-ids";

    public InspectionResult Inspect(TIn input, TOut output) =>
        defective.Contains(id(input)) ? InspectionResult.Defect("planted") : InspectionResult.Ok;
}
