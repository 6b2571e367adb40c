using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger.Sqlite;
using Factory.Quality;
using Xunit;

namespace Factory.AI.Tests;

/// <summary>A thinking unit's own inspection of each model answer counts as an inspection of its station, when the run has quality control for it.</summary>
public sealed class ThinkingInspectionTests
{
    private const string Station = "ExtractPainPoints";

    private static readonly Complaint Sample = new("C-1", "I was charged twice", new Customer("Ann", new Address("Oslo")), 2, null);

    /// <summary>The model's first answer breaks an annotation (Severity 9), its second passes.</summary>
    private static FakeModelServer RejectedThenAccepted() => new FakeModelServer().Then(
        Reply.Ok(GeneratedUnitTests.Good.Replace("\"Severity\":3", "\"Severity\":9", StringComparison.Ordinal)),
        Reply.Ok(GeneratedUnitTests.Good));

    [Fact]
    public async Task A_rejected_then_accepted_answer_records_a_defect_then_an_ok_and_trips_the_stations_andon()
    {
        using FakeModelServer server = RejectedThenAccepted();
        var recorder = new QualityRecorder();
        var sampling = new Sampling().Andon(Station, new AndonRule(Threshold: 0, Window: 10, Action: AndonAction.RouteToReview));

        LineReport report = await RunAsync(server, new RunOptions { Sampling = sampling, Observers = [recorder] });

        Assert.Equal(0, report.DeadLettered);
        Assert.Equal(2, recorder.Inspections.Count);
        Inspection rejected = recorder.Inspections[0];
        Inspection accepted = recorder.Inspections[1];
        Assert.All(recorder.Inspections, i => Assert.Equal(("thinking-unit", Station), (i.Inspector, i.Station.Path)));
        Assert.Equal(rejected.Material, accepted.Material);
        Assert.Equal((Verdict.Defect, "rejected-answer"), (rejected.Result.Verdict, rejected.Result.Category));
        Assert.Contains("Severity must be between 1 and 5", rejected.Result.Note, StringComparison.Ordinal);
        Assert.Equal(InspectionResult.Ok, accepted.Result);

        // No defect allowed: the rejected answer trips it, once, and the output the accepted one gave goes to review.
        AndonTrip trip = Assert.Single(recorder.Trips);
        Assert.Equal((Station, 1, 1), (trip.Station.Path, trip.Defects, trip.Inspected));
        QualitySample sample = Assert.Single(recorder.Samples);
        Assert.Equal((SampleReason.Andon, accepted.Material.Id), (sample.Reason, sample.Material.Id));
    }

    [Fact]
    public async Task Without_quality_control_for_the_station_nothing_is_recorded_and_ThinkingUnits_records_for_every_station()
    {
        var none = new QualityRecorder();
        using (FakeModelServer server = RejectedThenAccepted())
        {
            await RunAsync(server, new RunOptions { Sampling = new Sampling(), Observers = [none] });
        }

        var all = new QualityRecorder();
        using (FakeModelServer server = RejectedThenAccepted())
        {
            await RunAsync(server, new RunOptions { Sampling = new Sampling { ThinkingUnits = true }, Observers = [all] });
        }

        Assert.Empty(none.Inspections);
        Assert.Equal([Verdict.Defect, Verdict.Ok], all.Inspections.Select(i => i.Result.Verdict));
        Assert.Empty(all.Samples);
    }

    [Fact]
    public async Task A_ledger_counts_the_thinking_units_verdicts_in_the_stations_defect_rate()
    {
        string folder = Path.Combine(Path.GetTempPath(), "factory-ai-inspect-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var ledger = new SqliteLedger(Path.Combine(folder, "ledger.db"));
            using FakeModelServer server = RejectedThenAccepted();
            await RunAsync(server, new RunOptions { RunId = "inspect-run", Sampling = new Sampling().Station(Station, 0), Observers = [ledger.Observe()] });

            DefectRate rate = Assert.Single(await ledger.Quality.DefectRatesAsync(new DefectRateQuery { Inspector = "thinking-unit" }));
            Assert.Equal((Station, 2L, 1L), (rate.Station, rate.Inspected, rate.Defects));
            Assert.Equal(ExtractPainPoints.Descriptor.FullVersion, rate.StationVersion);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<LineReport> RunAsync(FakeModelServer server, RunOptions options)
    {
        var line = new ComplaintLine(new ExtractPainPoints(Models.For(server, name: "small")));
        LineRun<Complaint, PainPoints> run = line.Start(options);
        await run.Input.WriteAsync(Sample);
        run.Input.Complete();
        await foreach (PainPoints _ in run.Output.ReadAllAsync())
        {
        }

        return await run.Completion;
    }

    private sealed class QualityRecorder : RunObserver
    {
        public List<Inspection> Inspections { get; } = [];

        public List<AndonTrip> Trips { get; } = [];

        public List<QualitySample> Samples { get; } = [];

        public override void Inspected(Inspection inspection)
        {
            lock (Inspections)
            {
                Inspections.Add(inspection);
            }
        }

        public override void AndonTripped(AndonTrip trip)
        {
            lock (Trips)
            {
                Trips.Add(trip);
            }
        }

        public override void Sampled(QualitySample sample)
        {
            lock (Samples)
            {
                Samples.Add(sample);
            }
        }
    }
}
