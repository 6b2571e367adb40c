using System.Linq;
using System.Threading.Tasks;
using Factory.Quality;
using Factory.Tests.Stations;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Factory.Tests;

/// <summary>Inspectors the generator wires by <c>[Inspector&lt;TStation&gt;]</c>: constructed with the line, run in every run.</summary>
public sealed class WiredInspectorTests
{
    [Fact]
    public async Task A_wired_inspector_sees_every_output_of_its_station_in_a_run_without_sampling()
    {
        var recorder = new QualityRecorder();
        var line = new Halving(new AddOne(), new Halve(), new Rounding(new Tolerance(0)));

        await RunAsync(line, new RunOptions { Observers = [recorder] });

        // Inputs 0..99 reach Halve as 1..100: the 50 odd ones are rounded.
        Assert.Equal(100, recorder.Inspections.Count);
        Assert.All(recorder.Inspections, i => Assert.Equal(("Halve", "rounding"), (i.Station.Name, i.Inspector)));
        Assert.Equal(50, recorder.Inspections.Count(i => i.Result.IsDefect));
        Assert.Contains(recorder.Inspections, i => i.Result.Note == "7 / 2 gave 3" && i.Material.Id == MaterialIds.Root(6));
        Assert.Empty(recorder.Samples);
    }

    [Fact]
    public async Task A_wired_inspector_sees_every_material_of_a_batch_stations_batches()
    {
        var recorder = new QualityRecorder();
        LineRun<int, int> run = new BatchHalving(new AddOne(), new HalveInBatches(), new Rounding(new Tolerance(0))).Start(new RunOptions { Observers = [recorder] });
        (var outputs, LineReport report) = await Collect.RunToEndAsync(run, Enumerable.Range(0, 100));

        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(100, outputs.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => MaterialIds.Root(i)).Order(), recorder.Inspections.Select(i => i.Material.Id).Order());
        Assert.All(recorder.Inspections, i => Assert.Equal(("HalveInBatches", "rounding"), (i.Station.Name, i.Inspector)));
        Assert.Equal(50, recorder.Inspections.Count(i => i.Result.IsDefect));
    }

    [Fact]
    public async Task The_generated_registration_builds_the_inspector_with_its_dependencies()
    {
        using ServiceProvider services = new ServiceCollection().AddSingleton(new Tolerance(1)).AddFactoryTestsFactory().BuildServiceProvider();
        var recorder = new QualityRecorder();

        await RunAsync(services.GetRequiredService<Halving>(), new RunOptions { Observers = [recorder] });

        // The tolerance DI gave allows the rounding: 100 inspections, no defect.
        Assert.Equal(100, recorder.Inspections.Count);
        Assert.DoesNotContain(recorder.Inspections, i => i.Result.IsDefect);
        Assert.NotSame(services.GetRequiredService<Rounding>(), services.GetRequiredService<Rounding>());
    }

    [Fact]
    public async Task Inspectors_wired_by_path_run_beside_it_and_the_andon_counts_both()
    {
        var recorder = new QualityRecorder();
        var line = new Halving(new AddOne(), new Halve(), new Rounding(new Tolerance(0)));
        Sampling sampling = new Sampling()
            .Inspect("Halve", new DefectsAt())
            .Andon("Halve", new AndonRule(0.2, 10, AndonAction.RouteToReview));

        await RunAsync(line, new RunOptions { Observers = [recorder], Sampling = sampling });

        // Both inspectors see all 100 and count in one window: the rounding's defect on every other material
        // (a quarter of the verdicts) puts 3 defects in the first 10 verdicts, above the 2 allowed.
        Assert.Equal(100, recorder.Inspections.Count(i => i.Inspector == "rounding"));
        Assert.Equal(100, recorder.Inspections.Count(i => i.Inspector == "defects-at"));
        AndonTrip trip = Assert.Single(recorder.Trips);
        Assert.Equal("Halve", trip.Station.Name);
        Assert.NotEmpty(recorder.Samples);
        Assert.All(recorder.Samples, s => Assert.Equal(SampleReason.Andon, s.Reason));
    }

    private static async Task RunAsync(Halving line, RunOptions options)
    {
        LineRun<int, int> run = line.Start(options);
        (var outputs, LineReport report) = await Collect.RunToEndAsync(run, Enumerable.Range(0, 100));
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => i / 2).Order(), outputs.Order());
    }
}
