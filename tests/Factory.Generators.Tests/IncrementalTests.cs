using System;
using System.Collections.Generic;
using System.Linq;
using Factory.Generators.Model;
using Factory.Generators.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>
/// What the generator's tracked steps report when the compilation changes. The stations and the line
/// live in different syntax trees, so the line also shows it notices a change made in another file.
/// </summary>
/// <remarks>
/// What Roslyn 4.14 reports, measured: <c>ForAttributeWithMetadataName</c> finds the attributed nodes
/// per syntax tree, but combines them with the compilation before calling the parser, so ANY change to
/// the compilation (an unrelated class in another tree, an edited method body) re-runs the parser for
/// every station and line. When the new model equals the old one, Roslyn marks that output
/// <see cref="IncrementalStepRunReason.Unchanged"/> on its own step and hands it on as a cached entry,
/// so the generator's <c>Stations</c> and <c>Lines</c> steps, which come after it (Where, Select),
/// report <see cref="IncrementalStepRunReason.Cached"/>, and nothing is emitted again. Only a model
/// that really differs reaches them as <see cref="IncrementalStepRunReason.Modified"/>.
/// </remarks>
public sealed class IncrementalTests
{
    private const string Stations = """
        using Factory;

        namespace Steady;

        [Station]
        public sealed partial class Measure
        {
            public int Process(string input) => input.Length;
        }

        [Station(Parallelism = 2, Requires = new[] { "count" })]
        public sealed partial class AddOne
        {
            public int Process(int input) => input + 1;
        }

        [Station]
        public sealed partial class Show
        {
            public string Process(int input) => input.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        """;

    private const string Line = """
        using Factory;

        namespace Steady;

        [Line]
        [Step<Measure>]
        [Step<AddOne>]
        [Step<Show>]
        public sealed partial class Pipeline;
        """;

    private const string ShowProcess = "public string Process(int input) => input.ToString(System.Globalization.CultureInfo.InvariantCulture);";

    private static readonly string[] ModelSteps = { TrackingNames.Stations, TrackingNames.Lines };

    [Fact]
    public void An_unrelated_class_in_another_tree_leaves_the_models_cached()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce();
        SyntaxTree unrelated = CSharpSyntaxTree.ParseText("namespace Elsewhere; public sealed class Unrelated { }", TestProject.ParseOptions, path: "Unrelated.cs");

        GeneratorRunResult result = Rerun(driver, compilation.AddSyntaxTrees(unrelated));

        AssertReasons(result, TrackingNames.Stations, ("Measure", IncrementalStepRunReason.Cached), ("AddOne", IncrementalStepRunReason.Cached), ("Show", IncrementalStepRunReason.Cached));
        AssertReasons(result, TrackingNames.Lines, ("Pipeline", IncrementalStepRunReason.Cached));
        AssertReasons(result, TrackingNames.LineGraphs, ("Pipeline", IncrementalStepRunReason.Cached));
        AssertParsedAgainAndFoundEqual(result);
        AssertNothingEmittedAgain(result);
    }

    [Fact]
    public void An_edit_inside_a_Process_body_changes_that_stations_code_hash_and_nothing_else()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce();
        string before = Station(driver.GetRunResult().Results[0], "AddOne").CodeHash;

        GeneratorRunResult result = Rerun(driver, Edit(compilation, "input + 1", "input + 2"));

        // The edited station's model differs only by its code hash; the other stations in the same tree
        // and the line (which holds no station's code) are parsed again, found equal and cached.
        AssertReasons(result, TrackingNames.Stations, ("Measure", IncrementalStepRunReason.Cached), ("AddOne", IncrementalStepRunReason.Modified), ("Show", IncrementalStepRunReason.Cached));
        AssertReasons(result, TrackingNames.Lines, ("Pipeline", IncrementalStepRunReason.Cached));
        StationModel after = Station(result, "AddOne");
        Assert.NotEqual(before, after.CodeHash);
        Assert.Matches("^[0-9a-f]{16}$", after.CodeHash);
        Assert.Equal("1", after.Version);
        Assert.Contains(result.GeneratedSources, source => source.HintName.Contains("AddOne", StringComparison.Ordinal) && source.SourceText.ToString().Contains($"CodeHash = \"{after.CodeHash}\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("input + 1", "input  +\n            1 /* spaced out */")]
    [InlineData("public int Process(int input) => input + 1;", "// counts on\n        public int Process(int input) => input + 1; // one more")]
    [InlineData("[Station(Parallelism = 2", "/// <summary>Adds one.</summary>\n[Station(Parallelism = 2")]
    public void Comments_and_whitespace_leave_the_code_hash_and_the_models_as_they_were(string oldText, string newText)
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce();

        GeneratorRunResult result = Rerun(driver, Edit(compilation, oldText, newText));

        AssertReasons(result, TrackingNames.Stations, ("Measure", IncrementalStepRunReason.Cached), ("AddOne", IncrementalStepRunReason.Cached), ("Show", IncrementalStepRunReason.Cached));
        AssertReasons(result, TrackingNames.Lines, ("Pipeline", IncrementalStepRunReason.Cached));
        AssertReasons(result, TrackingNames.LineGraphs, ("Pipeline", IncrementalStepRunReason.Cached));
        AssertParsedAgainAndFoundEqual(result);
        AssertNothingEmittedAgain(result);
    }

    [Fact]
    public void Stations_with_the_same_code_in_different_classes_have_different_hashes()
    {
        (GeneratorDriver driver, _) = RunOnce();
        GeneratorRunResult result = driver.GetRunResult().Results[0];

        string[] hashes = new[] { "Measure", "AddOne", "Show" }.Select(name => Station(result, name).CodeHash).ToArray();

        Assert.Equal(3, hashes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Changing_a_stations_output_type_modifies_it_and_the_line_that_uses_it()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce();

        GeneratorRunResult result = Rerun(driver, Edit(compilation, ShowProcess, "public long Process(int input) => input;"));

        AssertReasons(result, TrackingNames.Stations, ("Measure", IncrementalStepRunReason.Cached), ("AddOne", IncrementalStepRunReason.Cached), ("Show", IncrementalStepRunReason.Modified));
        AssertReasons(result, TrackingNames.Lines, ("Pipeline", IncrementalStepRunReason.Modified));
        LineModel line = (LineModel)Outputs(result, TrackingNames.Lines).Single().Value;
        Assert.Equal(new TypeRef("long", IsNullable: false), line.OutputType);
        Assert.Equal(new TypeRef("long", IsNullable: false), line.Steps[2].OutputType);
    }

    [Fact]
    public void Changing_a_stations_option_changes_the_recorded_descriptor_of_its_line_only()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunOnce();

        GeneratorRunResult result = Rerun(driver, Edit(compilation, "Parallelism = 2", "Parallelism = 3"));

        // The line's own model does not hold its stations' options; the descriptor it records does.
        AssertReasons(result, TrackingNames.Lines, ("Pipeline", IncrementalStepRunReason.Cached));
        AssertReasons(result, TrackingNames.LineGraphs, ("Pipeline", IncrementalStepRunReason.Modified));
        LineGraphModel graph = (LineGraphModel)Outputs(result, TrackingNames.LineGraphs).Single().Value;
        Assert.Equal(3, graph.Steps[1].Station!.Station.Options.Parallelism);
        IncrementalStepRunReason[] emitted = [.. result.TrackedOutputSteps.Values.SelectMany(steps => steps).SelectMany(step => step.Outputs).Select(output => output.Reason)];
        Assert.Contains(IncrementalStepRunReason.Modified, emitted);
    }

    private const string Branching = """
        using System.Collections.Generic;
        using Factory;

        namespace Branching;

        public abstract record Shape(int Id);
        public sealed record Circle(int Id) : Shape(Id);
        public sealed record Square(int Id) : Shape(Id);

        [Station]
        public sealed partial class Make
        {
            public Shape Process(int input) => input % 2 == 0 ? new Circle(input) : new Square(input);
        }

        [Station]
        public sealed partial class Round
        {
            public string Process(Circle input) => "circle";
        }

        [Station]
        public sealed partial class Words
        {
            public IEnumerable<string> Process(string input) => input.Split(' ');
        }

        [Station(BatchSize = 8)]
        public sealed partial class Upper
        {
            public IReadOnlyList<string> Process(IReadOnlyList<string> inputs) => inputs;
        }

        [Station]
        public sealed partial class Join
        {
            public string Process(Gathered<string> input) => string.Join(' ', input.Items);
        }

        [Line]
        [Step<Make>]
        [Route<Circle, Round>]
        [Route<Square, Discard>]
        [Step<Words>]
        [Step<Upper>]
        [Step<Join>]
        public sealed partial class Routed;
        """;

    [Fact]
    public void Routes_batches_and_gathers_are_cached_on_an_unrelated_edit_and_modified_when_a_target_changes()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Branching);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        LineModel first = (LineModel)Outputs(Assert.Single(driver.GetRunResult().Results), TrackingNames.Lines).Single().Value;
        Assert.Equal(2, first.Steps[0].Routes.Count);
        Assert.Null(first.Steps[0].Routes[1].Target);
        Assert.True(first.Steps[2].Target.IsBatch);
        Assert.Equal(new TypeRef("string", IsNullable: false), first.Steps[3].GatherItem);
        new ModelWalker().Walk(first, TrackingNames.Lines);

        SyntaxTree unrelated = CSharpSyntaxTree.ParseText("namespace Elsewhere; public sealed class Unrelated { }", TestProject.ParseOptions, path: "Unrelated.cs");
        GeneratorRunResult cached = Rerun(driver, compilation.AddSyntaxTrees(unrelated));
        AssertReasons(cached, TrackingNames.Lines, ("Routed", IncrementalStepRunReason.Cached));
        AssertNothingEmittedAgain(cached);

        // The route target's output feeds the next step: changing it changes the line's model.
        GeneratorRunResult modified = Rerun(driver, Edit(compilation, "public string Process(Circle input) => \"circle\";", "public int Process(Circle input) => 1;"));
        Assert.Contains(Outputs(modified, TrackingNames.Lines), output => output.Reason == IncrementalStepRunReason.Modified || output.Reason == IncrementalStepRunReason.Removed);
    }

    private const string Inspector = """
        using Factory;
        using Factory.Quality;

        namespace Steady;

        [Inspector<AddOne>]
        public sealed class Positive : IInspector<int, int>
        {
            public string Name => "positive";

            public InspectionResult Inspect(int input, int output) => output > 0 ? InspectionResult.Ok : InspectionResult.Defect("negative");
        }

        [Line]
        [Step<Measure>]
        public sealed partial class Measuring;
        """;

    [Fact]
    public void An_edit_inside_an_inspector_leaves_every_model_cached_and_emits_nothing_again()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunWithInspector();

        GeneratorRunResult result = Rerun(driver, Edit(compilation, "output > 0 ?", "output >= 1 ?"));

        AssertReasons(result, TrackingNames.Inspectors, ("Positive", IncrementalStepRunReason.Cached));
        AssertReasons(result, TrackingNames.Stations, ("Measure", IncrementalStepRunReason.Cached), ("AddOne", IncrementalStepRunReason.Cached), ("Show", IncrementalStepRunReason.Cached));
        AssertReasons(result, TrackingNames.Lines, ("Measuring", IncrementalStepRunReason.Cached), ("Pipeline", IncrementalStepRunReason.Cached));
        AssertReasons(result, TrackingNames.LinesWithInspectors, ("Measuring", IncrementalStepRunReason.Cached), ("Pipeline", IncrementalStepRunReason.Cached));
        AssertNothingEmittedAgain(result);
    }

    [Fact]
    public void Rewiring_an_inspector_modifies_the_line_that_ran_its_station_and_no_station_or_other_line()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = RunWithInspector();

        // Measure gives int from string: an IInspector<int, int> cannot inspect it, so nothing is wired (FCT0031 says why).
        GeneratorRunResult result = Rerun(driver, Edit(compilation, "[Inspector<AddOne>]", "[Inspector<Measure>]"));

        AssertReasons(result, TrackingNames.Stations, ("Measure", IncrementalStepRunReason.Cached), ("AddOne", IncrementalStepRunReason.Cached), ("Show", IncrementalStepRunReason.Cached));
        AssertReasons(result, TrackingNames.Lines, ("Measuring", IncrementalStepRunReason.Cached), ("Pipeline", IncrementalStepRunReason.Cached));
        AssertReasons(result, TrackingNames.LinesWithInspectors, ("Measuring", IncrementalStepRunReason.Unchanged), ("Pipeline", IncrementalStepRunReason.Modified));
        LineModel pipeline = Outputs(result, TrackingNames.LinesWithInspectors).Select(o => o.Value).OfType<LineModel>().Single(l => l.Type.Name == "Pipeline");
        Assert.Empty(pipeline.Inspectors);
        // One source is emitted again: the line's, which no longer hands its inspector to AddOne.
        Assert.Single(result.TrackedOutputSteps.Values.SelectMany(steps => steps).SelectMany(step => step.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.DoesNotContain("IInspector", result.GeneratedSources.Single(source => source.HintName == "Steady.Pipeline.Line.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) RunWithInspector()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Stations, Line, Inspector);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = Assert.Single(driver.GetRunResult().Results);
        AssertReasons(first, TrackingNames.Inspectors, ("Positive", IncrementalStepRunReason.New));
        LineModel pipeline = Outputs(first, TrackingNames.LinesWithInspectors).Select(o => o.Value).OfType<LineModel>().Single(l => l.Type.Name == "Pipeline");
        InspectorParameter wired = Assert.Single(pipeline.Inspectors);
        Assert.Equal(("global::Steady.Positive", "positive"), (wired.Type, wired.Parameter));
        Assert.Equal(new[] { "global::Steady.AddOne" }, wired.Stations);
        new ModelWalker().Walk(pipeline, TrackingNames.LinesWithInspectors);
        return (driver, compilation);
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_locations_semantic_models_or_compilations()
    {
        // Every model the tracked steps produce, on a first run over rich sources (every shape, options,
        // nested types, DI registration) and again after an edit.
        CSharpCompilation compilation = GeneratorHarness.Compile(TestProject.DependencyInjection, TestSources.Shapes, TestSources.Nested, TestSources.AwkwardNames, Stations, Line);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = Assert.Single(driver.GetRunResult().Results);
        GeneratorRunResult second = Rerun(driver, Edit(compilation, ShowProcess, "public long Process(int input) => input;"));

        var walker = new ModelWalker();
        int models = 0;
        foreach (GeneratorRunResult result in new[] { first, second })
        {
            foreach (string name in new[] { TrackingNames.Stations, TrackingNames.Lines, TrackingNames.LineGraphs, TrackingNames.CompilationFacts, TrackingNames.Registration })
            {
                foreach ((object value, IncrementalStepRunReason _) in Outputs(result, name))
                {
                    walker.Walk(value, name);
                    models++;
                }
            }
        }

        // 15 stations, 5 lines and their 5 recorded descriptors, the compilation facts and the registration, twice.
        Assert.Equal(2 * (15 + 5 + 5 + 1 + 1), models);
        Assert.Contains(Outputs(first, TrackingNames.Registration), output => output.Value is RegistrationModel);
    }

    [Fact]
    public void The_model_walker_finds_what_is_hidden_in_a_model()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Stations);
        ISymbol symbol = compilation.GetTypeByMetadataName("Steady.Show")!;

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => new ModelWalker().Walk(new Sneaky("fine", new object[] { 1, symbol.Locations[0] }), "sneaky"));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => new ModelWalker().Walk(new Sneaky("fine", new[] { new Sneaky("deeper", compilation) }), "sneaky"));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => new ModelWalker().Walk(new Sneaky("fine", new List<object> { symbol }), "sneaky"));
        new ModelWalker().Walk(new Sneaky("fine", new[] { "plain", "values" }.ToEquatableArray()), "sneaky");
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) RunOnce()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Stations, Line);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = Assert.Single(driver.GetRunResult().Results);
        AssertReasons(first, TrackingNames.Stations, ("Measure", IncrementalStepRunReason.New), ("AddOne", IncrementalStepRunReason.New), ("Show", IncrementalStepRunReason.New));
        AssertReasons(first, TrackingNames.Lines, ("Pipeline", IncrementalStepRunReason.New));
        return (driver, compilation);
    }

    private static StationModel Station(GeneratorRunResult result, string name) =>
        Outputs(result, TrackingNames.Stations).Select(output => output.Value).OfType<StationModel>().Single(model => model.Type.Name == name);

    private static GeneratorRunResult Rerun(GeneratorDriver driver, Compilation edited) =>
        Assert.Single(driver.RunGenerators(edited).GetRunResult().Results);

    private static CSharpCompilation Edit(CSharpCompilation compilation, string oldText, string newText)
    {
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains(oldText, StringComparison.Ordinal));
        int start = tree.ToString().IndexOf(oldText, StringComparison.Ordinal);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(start, oldText.Length, newText)));
    }

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string stepName) =>
        result.TrackedSteps.TryGetValue(stepName, out var steps)
            ? steps.SelectMany(step => step.Outputs)
            : Enumerable.Empty<(object, IncrementalStepRunReason)>();

    private static void AssertReasons(GeneratorRunResult result, string stepName, params (string Type, IncrementalStepRunReason Reason)[] expected)
    {
        var actual = Outputs(result, stepName)
            .Select(output => (Type: TypeName(output.Value), output.Reason))
            .OrderBy(output => output.Type, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(expected.OrderBy(e => e.Type, StringComparer.Ordinal).ToArray(), actual);
    }

    /// <summary>
    /// Walks back from the tracked model steps to where Roslyn called the parser: each model was made
    /// again there and compared equal (Unchanged), so the change never reached the generator's own steps.
    /// </summary>
    private static void AssertParsedAgainAndFoundEqual(GeneratorRunResult result)
    {
        foreach (string stepName in ModelSteps)
        {
            foreach (IncrementalGeneratorRunStep step in result.TrackedSteps[stepName])
            {
                object model = Assert.Single(step.Outputs).Value;
                IEnumerable<(object Value, IncrementalStepRunReason Reason)> upstream = Upstream(step).SelectMany(s => s.Outputs);
                Assert.Contains(upstream, output => output.Reason == IncrementalStepRunReason.Unchanged && Equals(output.Value, model));
                Assert.DoesNotContain(upstream, output => output.Reason == IncrementalStepRunReason.Modified && Equals(output.Value, model));
            }
        }
    }

    private static void AssertNothingEmittedAgain(GeneratorRunResult result)
    {
        IncrementalStepRunReason[] reasons = result.TrackedOutputSteps.Values
            .SelectMany(steps => steps)
            .SelectMany(step => step.Outputs)
            .Select(output => output.Reason)
            .Distinct()
            .ToArray();
        Assert.Equal(new[] { IncrementalStepRunReason.Cached }, reasons);
    }

    private static IEnumerable<IncrementalGeneratorRunStep> Upstream(IncrementalGeneratorRunStep step) =>
        step.Inputs.SelectMany(input => new[] { input.Source }.Concat(Upstream(input.Source)));

    private static string TypeName(object model) => model switch
    {
        StationModel station => station.Type.Name,
        LineModel line => line.Type.Name,
        LineGraphModel graph => graph.Type.Name,
        InspectorModel inspector => inspector.Name,
        _ => throw new InvalidOperationException($"Not a model: {model}"),
    };

    private sealed record Sneaky(string Name, object Payload);
}
