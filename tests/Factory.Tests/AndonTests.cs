using System;
using System.Linq;
using System.Threading.Tasks;
using Factory.Quality;
using Factory.Telemetry;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

public sealed class AndonTests
{
    // Every 20th input is a defect: exactly 5% of any 200 consecutive inspections.
    private static readonly int[] AtTheThreshold = Enumerable.Range(0, 50).Select(i => i * 20).ToArray();

    [Fact]
    public void Wilson_intervals_match_hand_computed_values()
    {
        // (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964; e.g. 2 of 10:
        // center 0.392073 / 1.384146 = 0.283260, half 1.416010 × 0.160011 = 0.226577.
        AssertInterval(WilsonInterval.Of(2, 10), 0.056682, 0.509838);
        AssertInterval(WilsonInterval.Of(0, 10), 0, 0.277533);
        AssertInterval(WilsonInterval.Of(5, 10), 0.236593, 0.763407);
        AssertInterval(WilsonInterval.Of(1, 100), 0.001767, 0.054486);
        AssertInterval(WilsonInterval.Of(11, 200), 0.030985, 0.095787);
        Assert.Equal(new WilsonInterval(0, 1), WilsonInterval.Of(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Of(3, 2));
    }

    [Fact]
    public async Task A_defect_rate_at_the_threshold_never_trips_the_andon()
    {
        QualityRecorder recorder = await RunAsync(new AndonRule(0.05, 200, AndonAction.RouteToReview), AtTheThreshold);

        Assert.Empty(recorder.Trips);
        Assert.Empty(recorder.Samples);
        Assert.Equal(1000, recorder.Inspections.Count);
        Assert.Equal(50, recorder.Inspections.Count(i => i.Result.IsDefect));
    }

    [Fact]
    public async Task One_defect_above_the_threshold_trips_it_once_and_routes_the_rest_to_review()
    {
        using var metrics = new MetricRecorder();
        var log = new LogRecorder();

        QualityRecorder recorder = await RunAsync(new AndonRule(0.05, 200, AndonAction.RouteToReview), [.. AtTheThreshold, 501], log);

        // Inputs 302..501 hold the defects at 320, 340, ..., 500 and 501: 11 of 200.
        AndonTrip trip = Assert.Single(recorder.Trips);
        Assert.Equal((11, 200), (trip.Defects, trip.Inspected));
        Assert.Equal("AddOne", trip.Station.Name);
        Assert.Equal(Enumerable.Range(501, 499).ToArray(), recorder.Samples.Select(s => (int)s.Input!).Order().ToArray());
        Assert.All(recorder.Samples, s => Assert.Equal(SampleReason.Andon, s.Reason));
        Assert.Contains(log.Lines, line => line.StartsWith("Error: ", StringComparison.Ordinal) && line.Contains("Andon at station 'AddOne'", StringComparison.Ordinal) && line.Contains("11 defects in the last 200", StringComparison.Ordinal));
        Assert.Equal(1, metrics.Sum(TelemetryNames.QualityAndon, "Triple", "AddOne"));
        Assert.Equal(1000, metrics.Sum(TelemetryNames.QualityInspected, "Triple", "AddOne"));
    }

    [Fact]
    public async Task An_andon_that_pauses_holds_the_line_until_an_operator_resumes_it()
    {
        var recorder = new QualityRecorder();
        var sampling = new Sampling().Inspect("AddOne", new DefectsAt(0, 1, 2)).Andon("AddOne", new AndonRule(0.01, 100, AndonAction.Pause));
        LineRun<int, string> run = new Triple(new AddOne(), new Twice(), new Show()).Start(new RunOptions { Sampling = sampling, Observers = [recorder] });
        Task<(System.Collections.Generic.List<string> Outputs, LineReport Report)> running = Collect.RunToEndAsync(run, Enumerable.Range(0, 5000));

        // One defect of 100 is allowed; the second trips it.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!run.IsPaused && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(5);
        }

        Assert.True(run.IsPaused);
        Assert.Equal(2, Assert.Single(recorder.Trips).Defects);
        await Task.Delay(100);
        Assert.False(running.IsCompleted);

        run.Resume();
        (var outputs, LineReport report) = await running;
        Assert.Equal(5000, outputs.Count);
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Single(recorder.Trips);
    }

    [Fact]
    public async Task Four_workers_racing_share_one_window_and_trip_it_exactly_once()
    {
        var recorder = new QualityRecorder();
        var sampling = new Sampling().Inspect("UnorderedJitter", new DefectsAt([.. Enumerable.Range(0, 400)])).Andon("UnorderedJitter", new AndonRule(0.05, 200, AndonAction.RouteToReview));
        LineRun<int, int> run = new UnorderedLine(new UnorderedJitter(maxDelayMs: 1)).Start(new RunOptions { Sampling = sampling, Observers = [recorder] });

        (var outputs, LineReport report) = await Collect.RunToEndAsync(run, Enumerable.Range(0, 400));

        // Every output is a defect: the 11th verdict, whichever worker gives it, trips the one window.
        Assert.Equal(400, outputs.Count);
        AndonTrip trip = Assert.Single(recorder.Trips);
        Assert.Equal((11, 11), (trip.Defects, trip.Inspected));
        Assert.InRange(recorder.Samples.Count, 390, 400);
        Assert.Equal(recorder.Samples.Count, recorder.Samples.Select(s => s.Material.Id).Distinct().Count());
    }

    private static async Task<QualityRecorder> RunAsync(AndonRule rule, int[] defects, LogRecorder? log = null)
    {
        var recorder = new QualityRecorder();
        var sampling = new Sampling().Inspect("AddOne", new DefectsAt(defects)).Andon("AddOne", rule);
        LineRun<int, string> run = new Triple(new AddOne(), new Twice(), new Show()).Start(new RunOptions { Sampling = sampling, Observers = [recorder], Logger = log });
        (var outputs, LineReport report) = await Collect.RunToEndAsync(run, Enumerable.Range(0, 1000));
        Assert.Equal(1000, outputs.Count);
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        return recorder;
    }

    private static void AssertInterval(WilsonInterval interval, double low, double high)
    {
        Assert.Equal(low, interval.Low, 6);
        Assert.Equal(high, interval.High, 6);
    }
}
