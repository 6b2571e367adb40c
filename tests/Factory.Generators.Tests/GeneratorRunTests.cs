using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Factory.Generators.Tests.Verification;
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
                "Outer.Space.Holder.Inner.Shout.LineDescriptor.g.cs",
                "Outer.Space.Holder.Inner.Upper.Station.g.cs",
                "Shapes.AddOne.Station.g.cs",
                "Shapes.Digits.Line.g.cs",
                "Shapes.Digits.LineDescriptor.g.cs",
                "Shapes.DropZeros.Station.g.cs",
                "Shapes.ShapesLine.Line.g.cs",
                "Shapes.ShapesLine.LineDescriptor.g.cs",
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
        await foreach (string output in line.RunAsync(Enumerable.Range(0, 200), MathJob()))
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

        LineRun<int, string> run = line.Start(new JobOrder("job-1") { Permissions = ImmutableHashSet.Create("math") });
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
        // Shapes by name: the generator compiles Factory.WorkShape in as an internal type, so the name is ambiguous here.
        Assert.Equal(("double", "2", "Shapes.Twice", "int", "int", "Task"), (twice.Name, twice.Version, twice.TypeName, twice.InputType, twice.OutputType, twice.Shape.ToString()));
        Assert.Equal(new StationOptions(Parallelism: 4, Capacity: 8, Ordered: true, MaxAttempts: 3, BackoffMs: 1, TimeoutMs: 5000), twice.Options);
        Assert.Equal(new StationOptions(), descriptor.Stations[0].Options);
        Assert.Equal(
            new[] { "Sync", "Task", "ValueTask", "Enumerable", "AsyncEnumerable", "Sync", "Sync" },
            descriptor.Stations.Select(s => s.Shape.ToString()));
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
    public async Task Runs_a_public_line_over_internal_stations()
    {
        // The line's constructor is internal then: a public one could not take internal stations.
        Generated generated = GeneratorHarness.RunClean("""
            using Factory;

            namespace Hidden;

            [Station]
            internal sealed partial class Negate
            {
                public int Process(int input) => -input;
            }

            [Station]
            public sealed partial class Show
            {
                public string Process(int input) => input.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            [Line]
            [Step<Negate>]
            [Step<Show>]
            public sealed partial class Negative;

            public static class Make
            {
                public static ILine<int, string> Line() => new Negative(new Negate(), new Show());
            }
            """);
        Assert.Contains("    internal Negative(global::Hidden.Negate negate, global::Hidden.Show show)\n", generated.Sources["Hidden.Negative.Line.g.cs"], System.StringComparison.Ordinal);
        using LoadedAssembly assembly = generated.Load();
        ILine<int, string> line = assembly.Call<ILine<int, string>>("Hidden.Make", "Line");

        Assert.Equal(new[] { "-1", "-2" }, await ToListAsync(line.RunAsync(new[] { 1, 2 })));
    }

    [Fact]
    public async Task Wires_a_step_that_takes_null_after_one_that_never_gives_it()
    {
        // string into string? is safe; Conveyor<T> being invariant, the wiring must widen it, or the
        // generated line warns (CS8631, CS8620), which breaks builds that treat warnings as errors.
        Generated generated = GeneratorHarness.RunClean("""
            using Factory;

            namespace Nulls;

            [Station]
            public sealed partial class Name
            {
                public string Process(int input) => "n" + input.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            [Station]
            public sealed partial class Length
            {
                public int Process(string? input) => input?.Length ?? -1;
            }

            [Line]
            [Step<Length>]
            public sealed partial class Measure;

            [Line]
            [Step<Name>]
            [Step<Length>]
            public sealed partial class Direct;

            [Line]
            [Step<Name>]
            [Step<Measure>]
            public sealed partial class Nested;

            public static class Make
            {
                public static ILine<int, int> Direct() => new Direct(new Name(), new Length());

                public static ILine<int, int> Nested() => new Nested(new Name(), new Measure(new Length()));
            }
            """);
        using LoadedAssembly assembly = generated.Load();

        foreach (string factory in new[] { "Direct", "Nested" })
        {
            ILine<int, int> line = assembly.Call<ILine<int, int>>("Nulls.Make", factory);
            Assert.Equal(new[] { 2, 3 }, await ToListAsync(line.RunAsync(new[] { 5, 10 })));
        }
    }

    [Fact]
    public async Task A_no_route_dead_letter_and_a_discard_keep_the_routed_value_without_its_sensitive_members()
    {
        // The analyzer would flag the uncovered Stray (FCT0010); the generator alone lets it through,
        // which is how a type from another assembly reaches a line with no route for it.
        Generated generated = GeneratorHarness.RunClean("""
            using Factory;

            namespace Parcels;

            public abstract record Parcel(int Id, [property: Sensitive] string Card);
            public sealed record Letter(int Id, string Card) : Parcel(Id, Card);
            public sealed record Junk(int Id, string Card) : Parcel(Id, Card);
            public sealed record Stray(int Id, string Card) : Parcel(Id, Card);

            [Station]
            public sealed partial class Sort
            {
                public Parcel? Process(int input) => input == 5 ? null : (input % 3) switch
                {
                    0 => new Letter(input, "4111 1111 1111 1111"),
                    1 => new Junk(input, "4111 1111 1111 1111"),
                    _ => new Stray(input, "4111 1111 1111 1111"),
                };
            }

            [Station]
            public sealed partial class Post
            {
                public int Process(Letter input) => input.Id;
            }

            [Line]
            [Step<Sort>]
            [Route<Letter, Post>]
            [Route<Junk, Discard>]
            public sealed partial class Mail;

            public static class Make
            {
                public static ILine<int, int> Line() => new Mail(new Sort(), new Post());
            }
            """);
        using LoadedAssembly assembly = generated.Load();
        ILine<int, int> line = assembly.Call<ILine<int, int>>("Parcels.Make", "Line");

        LineRun<int, int> run = line.Start();
        foreach (int input in Enumerable.Range(0, 6))
        {
            await run.Input.WriteAsync(input);
        }

        run.Input.Complete();
        var outputs = new List<int>();
        await foreach (int output in run.Output.ReadAllAsync())
        {
            outputs.Add(output);
        }

        LineReport report = await run.Completion;
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(new[] { 0, 3 }, outputs.Order());
        Assert.Equal(2, report.Discards.Count);
        DeadLetter[] noRoute = report.DeadLetters.OrderBy(d => d.MaterialId).ToArray();
        Assert.Equal(2, noRoute.Length);
        Assert.Null(noRoute[1].Input);
        Assert.Equal("no route for type null", noRoute[1].Message);
        foreach (object? kept in report.Discards.Select(d => d.Value).Append(noRoute[0].Input))
        {
            Assert.NotNull(kept);
            Assert.DoesNotContain("4111", kept.ToString(), StringComparison.Ordinal);
            Assert.Contains("Card = ***", kept.ToString(), StringComparison.Ordinal);
        }

        Assert.StartsWith("Stray", noRoute[0].Input!.ToString(), StringComparison.Ordinal);
        Assert.All(report.Discards, d => Assert.StartsWith("Junk", d.Value!.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Registers_stations_and_lines_with_dependency_injection()
    {
        const string fromServices = """
            using Factory;
            using Microsoft.Extensions.DependencyInjection;

            namespace Shapes;

            public static class FromServices
            {
                public static ILine<int, string> Line() =>
                    new ServiceCollection().AddFactoryGeneratedTestFactory().BuildServiceProvider().GetRequiredService<ILine<int, string>>();
            }
            """;
        Generated generated = GeneratorHarness.RunClean(GeneratorHarness.Compile(TestProject.DependencyInjection, TestSources.Shapes, fromServices));
        Assert.Contains("FactoryRegistration.g.cs", generated.Sources.Keys);
        using LoadedAssembly assembly = generated.Load();
        ILine<int, string> line = assembly.Call<ILine<int, string>>("Shapes.FromServices", "Line");

        Assert.Equal(ExpectedShapes(Enumerable.Range(0, 20)), await ToListAsync(line.RunAsync(Enumerable.Range(0, 20), MathJob())));
    }

    [Fact]
    public void A_nullable_constructor_parameter_is_resolved_when_registered_and_null_when_not()
    {
        const string greeting = """
            using Factory;
            using Microsoft.Extensions.DependencyInjection;

            namespace Optional;

            [Station]
            public sealed partial class Greet
            {
                private readonly string? greeting;

                public Greet(string? greeting) => this.greeting = greeting;

                public string Process(int input) => (greeting ?? "hello") + " " + input;
            }

            public static class FromServices
            {
                public static string Without() => new ServiceCollection().AddFactoryGeneratedTestFactory().BuildServiceProvider().GetRequiredService<Greet>().Process(1);

                public static string With() => new ServiceCollection().AddSingleton("hi").AddFactoryGeneratedTestFactory().BuildServiceProvider().GetRequiredService<Greet>().Process(2);
            }
            """;

        // GetRequiredService<string?> broke the generated file (CS8714): a nullable parameter may be absent.
        Generated generated = GeneratorHarness.RunClean(GeneratorHarness.Compile(TestProject.DependencyInjection, greeting));
        using LoadedAssembly assembly = generated.Load();

        Assert.Equal("hello 1", assembly.Call<string>("Optional.FromServices", "Without"));
        Assert.Equal("hi 2", assembly.Call<string>("Optional.FromServices", "With"));
    }

    /// <summary>The Shapes line's "double" station requires permission "math".</summary>
    private static JobOrder MathJob() => new() { Permissions = ImmutableHashSet.Create("math") };

    [Fact]
    public void Generated_code_is_documented()
    {
        // With documentation diagnostics on, every public generated member needs a doc comment
        // (CS1591), as it does in a user project with GenerateDocumentationFile and warnings as errors.
        var parseOptions = TestProject.ParseOptions.WithDocumentationMode(Microsoft.CodeAnalysis.DocumentationMode.Diagnose);
        Generated generated = GeneratorHarness.Run(GeneratorHarness.Compile(parseOptions, [], TestSources.Shapes, TestSources.Nested));

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

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }

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
