using System;
using System.Linq;
using System.Threading.Tasks;
using Factory.Quality;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

public sealed class SamplingTests
{
    private const int Materials = 100_000;

    [Fact]
    public async Task Seeded_fractions_sample_within_statistical_bounds_of_100000_materials_and_the_same_materials_again()
    {
        var sampling = new Sampling { Seed = 42, Rate = 0.02 }.Station("Twice", 0.10);

        QualityRecorder first = await RunAsync(sampling);
        QualityRecorder again = await RunAsync(sampling);
        QualityRecorder otherSeed = await RunAsync(new Sampling { Seed = 43, Rate = 0.02 }.Station("Twice", 0.10));

        // Binomial(100000, p): the count stays within 5 standard deviations (a false alarm about once in 3.5 million runs).
        AssertWithin(first.Samples.Count(s => s.Station.Name == "AddOne"), 0.02);
        AssertWithin(first.Samples.Count(s => s.Station.Name == "Twice"), 0.10);
        AssertWithin(first.Samples.Count(s => s.Station.Name == "Show"), 0.02);
        Assert.All(first.Samples, s => Assert.Equal(SampleReason.Rate, s.Reason));

        // Each sample holds the station's input and output.
        QualitySample twice = first.Samples.First(s => s.Station.Name == "Twice");
        Assert.Equal((int)twice.Input! * 2, twice.Output);
        Assert.Equal(MaterialIds.Root((int)twice.Input! - 1), twice.Material.Id);

        // The same seed takes the same materials; another seed others.
        Assert.Equal(Ids(first, "Twice"), Ids(again, "Twice"));
        Assert.NotEqual(Ids(first, "Twice"), Ids(otherSeed, "Twice"));
    }

    [Fact]
    public async Task A_batch_station_is_sampled_per_material_by_the_same_seeded_choice_as_a_plain_station()
    {
        var sampling = new Sampling { Seed = 42 }.Station("Twice", 0.10).Inspect("Twice", new DefectsAt(7, 70_000));

        QualityRecorder batched = await RunAsync(sampling, line: new BatchedTriple(new AddOne(), new TwiceInBatches(), new Show()));
        QualityRecorder plain = await RunAsync(sampling);

        // Binomial(100000, 0.1) again, and exactly the materials the plain station of that name takes: the choice is per material.
        AssertWithin(batched.Samples.Count, 0.10);
        Assert.Equal(Ids(plain, "Twice"), Ids(batched, "Twice"));
        Assert.All(batched.Samples, s => Assert.Equal((int)s.Input! * 2, s.Output));
        Assert.All(batched.Samples, s => Assert.Equal(MaterialIds.Root((int)s.Input! - 1), s.Material.Id));

        // The inspector sees every material of every batch, each with its own output.
        Assert.Equal(Materials, batched.Inspections.Count);
        Assert.Equal(new[] { MaterialIds.Root(6), MaterialIds.Root(69_999) }, batched.Inspections.Where(i => i.Result.IsDefect).Select(i => i.Material.Id).Order());
    }

    [Fact]
    public async Task A_predicate_samples_exactly_the_outputs_it_chooses()
    {
        var sampling = new Sampling().When<int, int>("Twice", (input, output) => output % 1000 == 0);

        QualityRecorder recorder = await RunAsync(sampling, count: 10_000);

        Assert.Equal(Enumerable.Range(1, 10_000).Where(i => i * 2 % 1000 == 0).ToArray(), recorder.Samples.Select(s => (int)s.Input!).Order().ToArray());
        Assert.All(recorder.Samples, s => Assert.Equal(SampleReason.Predicate, s.Reason));
    }

    [Fact]
    public void Fractions_out_of_range_and_unknown_stations_are_refused_with_what_to_fix()
    {
        Assert.Contains("station 'Twice'", Assert.Throws<ArgumentOutOfRangeException>(() => new Sampling().Station("Twice", 1.5)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sampling { Rate = -0.1 });

        var error = Assert.Throws<ArgumentException>(() => new Triple(new AddOne(), new Twice(), new Show()).Start(new RunOptions { Sampling = new Sampling().Station("Thrice", 0.5) }));
        Assert.Contains("'Thrice'", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddOne, Twice, Show", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_predicate_or_an_inspector_of_the_wrong_types_is_refused_at_the_start_naming_the_station_and_its_types()
    {
        var triple = new Triple(new AddOne(), new Twice(), new Show());

        var predicate = Assert.Throws<ArgumentException>(() => triple.Start(new RunOptions { Sampling = new Sampling().When<string, int>("Twice", (input, output) => true) }));
        var inspector = Assert.Throws<ArgumentException>(() => triple.Start(new RunOptions { Sampling = new Sampling().Inspect("Show", new DefectsAt(1)) }));

        Assert.Contains("station 'Twice'", predicate.Message, StringComparison.Ordinal);
        Assert.Contains("System.Int32 and System.Int32", predicate.Message, StringComparison.Ordinal);
        Assert.Contains("station 'Show'", inspector.Message, StringComparison.Ordinal);
        Assert.Contains("System.Int32 and System.String", inspector.Message, StringComparison.Ordinal);
    }

    private static void AssertWithin(int sampled, double p)
    {
        double mean = Materials * p;
        double bound = 5 * Math.Sqrt(Materials * p * (1 - p));
        Assert.InRange(sampled, mean - bound, mean + bound);
    }

    [Fact]
    public async Task A_sample_keeps_the_input_and_the_output_without_their_Sensitive_members()
    {
        var recorder = new QualityRecorder();
        LineRun<Patient, Diagnosis> run = new Clinic(new Diagnose()).Start(new RunOptions { Sampling = new Sampling { Rate = 1.0 }, Observers = [recorder] });
        (var outputs, LineReport report) = await Collect.RunToEndAsync(run, [new Patient("P-1", "Ada Lovelace"), new Patient("P-2", "Alan Turing")]);

        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Contains(outputs, d => d.Note == "seen: Ada Lovelace");
        Assert.Equal(2, recorder.Samples.Count);
        Assert.All(recorder.Samples, sample =>
        {
            Patient input = Assert.IsType<Patient>(sample.Input);
            Diagnosis output = Assert.IsType<Diagnosis>(sample.Output);
            Assert.Equal("***", input.Name);
            Assert.Equal("***", output.Note);
            Assert.Equal(input.Id, output.Id);
            Assert.True(output.Code > 0);
        });
    }

    [Fact]
    public async Task A_batch_stations_sample_keeps_the_input_and_the_output_without_their_Sensitive_members()
    {
        var recorder = new QualityRecorder();
        LineRun<Patient, Diagnosis> run = new BatchClinic(new DiagnoseInBatches()).Start(new RunOptions { Sampling = new Sampling { Rate = 1.0 }, Observers = [recorder] });
        (var outputs, LineReport report) = await Collect.RunToEndAsync(run, [new Patient("P-1", "Ada Lovelace"), new Patient("P-2", "Alan Turing"), new Patient("P-3", "Grace Hopper")]);

        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Contains(outputs, d => d.Note == "seen: Grace Hopper");
        Assert.Equal(new[] { "P-1", "P-2", "P-3" }, recorder.Samples.Select(s => Assert.IsType<Patient>(s.Input).Id).Order());
        Assert.All(recorder.Samples, sample =>
        {
            Patient input = Assert.IsType<Patient>(sample.Input);
            Diagnosis output = Assert.IsType<Diagnosis>(sample.Output);
            Assert.Equal("***", input.Name);
            Assert.Equal("***", output.Note);
            Assert.Equal(input.Id, output.Id);
            Assert.True(output.Code > 0);
        });
    }

    private static long[] Ids(QualityRecorder recorder, string station) =>
        recorder.Samples.Where(s => s.Station.Name == station).Select(s => s.Material.Id).Order().ToArray();

    private static async Task<QualityRecorder> RunAsync(Sampling sampling, int count = Materials, ILine<int, string>? line = null)
    {
        var recorder = new QualityRecorder();
        line ??= new Triple(new AddOne(), new Twice(), new Show());
        LineRun<int, string> run = line.Start(new RunOptions { Sampling = sampling, Observers = [recorder] });
        (var outputs, LineReport report) = await Collect.RunToEndAsync(run, Enumerable.Range(0, count));
        Assert.Equal(count, outputs.Count);
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        return recorder;
    }
}
