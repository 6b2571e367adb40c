using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>Representative sources go through the generator cleanly, and the pipelines it emits run.</summary>
public sealed class GeneratorRunTests
{
    [Fact]
    public void Emits_one_file_per_station_and_line()
    {
        Generated generated = GeneratorHarness.RunClean(TestSources.Shapes, TestSources.Nested);

        Assert.Equal(
            new[]
            {
                "Outer.Space.Holder.Exclaim.Station.g.cs",
                "Outer.Space.Holder.Inner.Shout.Line.g.cs",
                "Outer.Space.Holder.Inner.Upper.Station.g.cs",
                "Shapes.AddOne.Station.g.cs",
                "Shapes.Digits.Line.g.cs",
                "Shapes.DropZeros.Station.g.cs",
                "Shapes.ShapesLine.Line.g.cs",
                "Shapes.Show.Station.g.cs",
                "Shapes.SplitDigits.Station.g.cs",
                "Shapes.Square.Station.g.cs",
                "Shapes.Twice.Station.g.cs",
            },
            generated.Sources.Keys.Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public async Task Runs_every_work_shape_and_a_nested_line_through_RunAsync()
    {
        Generated generated = GeneratorHarness.RunClean(TestSources.Shapes);
        using LoadedAssembly assembly = generated.Load();
        ILine<int, string> line = assembly.Call<ILine<int, string>>("Shapes.Make", "Line");

        var outputs = new List<string>();
        await foreach (string output in line.RunAsync(Enumerable.Range(0, 200)))
        {
            outputs.Add(output);
        }

        Assert.Equal(ExpectedShapes(Enumerable.Range(0, 200)), outputs);
    }

    [Fact]
    public async Task Runs_through_Start_and_reports_every_station()
    {
        Generated generated = GeneratorHarness.RunClean(TestSources.Shapes);
        using LoadedAssembly assembly = generated.Load();
        ILine<int, string> line = assembly.Call<ILine<int, string>>("Shapes.Make", "Line");

        LineRun<int, string> run = line.Start(new JobOrder("job-1"));
        Task<List<string>> reading = ReadAllAsync(run);
        foreach (int input in Enumerable.Range(0, 50))
        {
            await run.Input.WriteAsync(input);
        }

        run.Input.Complete();
        List<string> outputs = await reading;
        LineReport report = await run.Completion;

        Assert.Equal(ExpectedShapes(Enumerable.Range(0, 50)), outputs);
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Empty(report.DeadLetters);
        Assert.Equal(
            new[] { "AddOne", "double", "Digits/Square", "Digits/SplitDigits", "DropZeros", "AddOne", "Show" },
            report.Stations.Select(s => s.Name));
        Assert.Equal(50, report.In);
        Assert.Equal(outputs.Count, report.Out);
    }

    [Fact]
    public void Descriptors_carry_the_options_as_written()
    {
        Generated generated = GeneratorHarness.RunClean(TestSources.Shapes);
        using LoadedAssembly assembly = generated.Load();
        LineDescriptor descriptor = assembly.Get<LineDescriptor>("Shapes.ShapesLine", "Descriptor");

        Assert.Equal("shapes", descriptor.Name);
        Assert.Equal("Shapes.ShapesLine", descriptor.TypeName);
        Assert.Equal(new[] { "math" }, descriptor.Requires);
        StationDescriptor twice = descriptor.Stations[1];
        Assert.Equal(("double", "2", "Shapes.Twice", "int", "int", WorkShape.Task), (twice.Name, twice.Version, twice.TypeName, twice.InputType, twice.OutputType, twice.Shape));
        Assert.Equal(new StationOptions(Parallelism: 4, Capacity: 8, Ordered: true, MaxAttempts: 3, BackoffMs: 1, TimeoutMs: 5000), twice.Options);
        Assert.Equal(new StationOptions(), descriptor.Stations[0].Options);
        Assert.Equal(
            new[] { WorkShape.Sync, WorkShape.Task, WorkShape.ValueTask, WorkShape.Enumerable, WorkShape.AsyncEnumerable, WorkShape.Sync, WorkShape.Sync },
            descriptor.Stations.Select(s => s.Shape));
    }

    [Fact]
    public async Task Runs_a_line_nested_in_partial_containing_classes()
    {
        Generated generated = GeneratorHarness.RunClean(TestSources.Nested);
        using LoadedAssembly assembly = generated.Load();
        ILine<string, string> line = assembly.Call<ILine<string, string>>("Outer.Space.Holder", "Line");

        var outputs = new List<string>();
        await foreach (string output in line.RunAsync(new[] { "a", "b" }))
        {
            outputs.Add(output);
        }

        Assert.Equal(new[] { "A!", "B!" }, outputs);
    }

    [Fact]
    public async Task Step_names_do_not_clash_with_the_generated_wiring()
    {
        Generated generated = GeneratorHarness.RunClean(TestSources.AwkwardNames);
        using LoadedAssembly assembly = generated.Load();
        ILine<string, string> line = assembly.Call<ILine<string, string>>("Awkward.Make", "Line");

        var outputs = new List<string>();
        await foreach (string output in line.RunAsync(new[] { " x " }))
        {
            outputs.Add(output);
        }

        Assert.Equal(new[] { "x uae" }, outputs);
    }

    [Fact]
    public void Generated_code_is_documented()
    {
        // With documentation diagnostics on, every public generated member needs a doc comment
        // (CS1591), as it does in a user project with GenerateDocumentationFile and warnings as errors.
        var parseOptions = GeneratorHarness.ParseOptions.WithDocumentationMode(Microsoft.CodeAnalysis.DocumentationMode.Diagnose);
        Generated generated = GeneratorHarness.Run(GeneratorHarness.Compile(parseOptions, TestSources.Shapes, TestSources.Nested));

        GeneratorHarness.AssertNoProblems(
            "generated code",
            generated.Output.GetDiagnostics().Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true));
    }

    private static IEnumerable<string> ExpectedShapes(IEnumerable<int> inputs) =>
        from input in inputs
        let doubled = (input + 1) * 2
        let squared = (long)doubled * doubled
        from digit in squared.ToString(CultureInfo.InvariantCulture)
        where digit != '0'
        select (digit - '0' + 1).ToString(CultureInfo.InvariantCulture);

    private static async Task<List<string>> ReadAllAsync(LineRun<int, string> run)
    {
        var outputs = new List<string>();
        await foreach (string output in run.Output.ReadAllAsync())
        {
            outputs.Add(output);
        }

        return outputs;
    }
}
