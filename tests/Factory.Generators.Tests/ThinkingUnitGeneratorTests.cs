using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Factory.Generators.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>The generator on [ThinkingUnit] classes: clean output, prompt rendering code, annotation checks, shells, caching.</summary>
public sealed class ThinkingUnitGeneratorTests
{
    private const string Types = """
        using System.ComponentModel.DataAnnotations;
        using System.Text.Json.Serialization;

        namespace Units;

        public sealed record Address(string City);
        public struct Point { public int X { get; set; } }
        public sealed record Customer(string Name, Address? Address, Point Where, Point? Maybe);
        public sealed record Ticket(string Id, string? Body, Customer Customer, int Stars);

        public sealed record Reply
        {
            [Required] public string? Text { get; init; }
            [Range(1, 5)] public int Score { get; init; }
            [Range(0.5, 10.0, MaximumIsExclusive = true)] public decimal? Price { get; init; }
            [StringLength(10)] public string? Tag { get; init; }
            [AllowedValues(1, 2, 3)] public int Level { get; init; }
        }

        // Stands in for the System.Text.Json generator, which does not run in these tests.
        [JsonSerializable(typeof(Reply))]
        public abstract partial class UnitJson : JsonSerializerContext
        {
            protected UnitJson() : base(null) { }

            public static UnitJson Default => throw new System.NotSupportedException();
        }
        """;

    private const string Unit = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;
        using Factory.AI;

        namespace Units;

        [ThinkingUnit(Model = "small", Escalate = "large", Temperature = 0.5, MaxOutputTokens = 64, Version = "2")]
        public sealed partial class DraftReply
        {
            [Instructions]
            public const string System = "Be brief.";

            [Prompt]
            public const string Ask = "{{Id}} {{Body}} {{Customer.Name}} {{Customer.Address.City}} {{Customer.Where.X}} {{Customer.Maybe.X}} {{Stars}} {{{{x}}}}";

            public partial ValueTask<Reply> ProcessAsync(Ticket input, StationContext context, CancellationToken cancellationToken);

            private IEnumerable<string> Inspect(Ticket input, Reply output) => [];
        }

        [ThinkingUnit]
        public sealed partial class Summarize
        {
            public Summarize(ModelCatalog models) => Models = models;

            [Prompt]
            private const string Ask = "Summarize {{Body}}";

            public partial Task<Reply> ProcessAsync(Ticket input, CancellationToken cancellationToken);
        }

        [Line]
        [Step<DraftReply>]
        public sealed partial class Replies;
        """;

    private static CSharpCompilation Compile(params string[] sources) =>
        GeneratorHarness.Compile([.. TestProject.ThinkingUnits, .. TestProject.DependencyInjection], sources);

    [Fact]
    public void Units_their_line_and_their_registration_compile_without_warnings()
    {
        Generated generated = GeneratorHarness.RunClean(Compile(Types, Unit));

        Assert.Contains("Units.DraftReply.ThinkingUnit.g.cs", generated.Sources.Keys);
        Assert.Contains("Units.Summarize.ThinkingUnit.g.cs", generated.Sources.Keys);
        Assert.Contains("Units.Replies.Line.g.cs", generated.Sources.Keys);
        string registration = generated.Sources["FactoryRegistration.g.cs"];
        Assert.Contains("new global::Units.DraftReply(global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<global::Factory.AI.ModelCatalog>(provider))", registration, System.StringComparison.Ordinal);
        Assert.Contains("new global::Units.Summarize(global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<global::Factory.AI.ModelCatalog>(provider)) { Models = ", registration, System.StringComparison.Ordinal);
    }

    [Fact]
    public void The_prompt_is_string_building_with_null_safe_member_paths_and_escapes_resolved()
    {
        string source = GeneratorHarness.RunClean(Compile(Types, Unit)).Sources["Units.DraftReply.ThinkingUnit.g.cs"];

        string[] appends = source.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("text.Append(", System.StringComparison.Ordinal) || line.StartsWith("global::Factory.AI.PromptText.Append(", System.StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            [
                "global::Factory.AI.PromptText.Append(text, input.Id);",
                "text.Append(\" \");",
                "global::Factory.AI.PromptText.Append(text, input.Body);",
                "text.Append(\" \");",
                "global::Factory.AI.PromptText.Append(text, input.Customer?.Name);",
                "text.Append(\" \");",
                "global::Factory.AI.PromptText.Append(text, input.Customer?.Address?.City);",
                "text.Append(\" \");",
                "global::Factory.AI.PromptText.Append(text, input.Customer?.Where.X);",
                "text.Append(\" \");",
                "global::Factory.AI.PromptText.Append(text, input.Customer?.Maybe?.X);",
                "text.Append(\" \");",
                "global::Factory.AI.PromptText.Append(text, input.Stars);",
                "text.Append(\" {{x}}\");",
            ],
            appends);
    }

    [Fact]
    public void Data_annotations_become_plain_checks()
    {
        string source = GeneratorHarness.RunClean(Compile(Types, Unit)).Sources["Units.DraftReply.ThinkingUnit.g.cs"];

        Assert.Contains("if (string.IsNullOrWhiteSpace(output.Text))", source, System.StringComparison.Ordinal);
        Assert.Contains("if (output.Score < 1 || output.Score > 5)", source, System.StringComparison.Ordinal);
        Assert.Contains("if (output.Price is { } value2 && ((double)value2 < 0.5 || (double)value2 >= 10.0))", source, System.StringComparison.Ordinal);
        Assert.Contains("if (output.Tag is { } value3 && value3.Length > 10)", source, System.StringComparison.Ordinal);
        Assert.Contains("if (!(output.Level == 1 || output.Level == 2 || output.Level == 3))", source, System.StringComparison.Ordinal);
        Assert.Contains("global::Factory.AI.PromptText.AddAll(problems, Inspect(input, output));", source, System.StringComparison.Ordinal);
        Assert.DoesNotContain("Reflection", source, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_nullable_value_input_is_read_null_safely_from_the_start()
    {
        string source = GeneratorHarness.RunClean(Compile(Types, """
            using System.Threading.Tasks;
            using Factory;

            namespace Units;

            [ThinkingUnit]
            public sealed partial class Locate
            {
                [Prompt]
                public const string Ask = "Where is {{X}}?";

                public partial Task<Reply> ProcessAsync(Point? input);
            }
            """)).Sources["Units.Locate.ThinkingUnit.g.cs"];

        Assert.Contains("global::Factory.AI.PromptText.Append(text, input?.X);", source, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_models_hold_plain_values_only()
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(Compile(GoldenSources.UnitTypes, GoldenSources.Units));

        ImmutableArray<IncrementalGeneratorRunStep> steps = driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.ThinkingUnitsWithJson];
        object[] units = steps.SelectMany(step => step.Outputs).Select(output => output.Value).ToArray();
        Assert.Equal(4, units.Length);
        foreach (object unit in units)
        {
            new ModelWalker().Walk(unit, TrackingNames.ThinkingUnitsWithJson);
        }
    }

    [Fact]
    public Task A_unit_with_a_wrong_placeholder_gets_only_a_throwing_work_method()
    {
        // The work method the user declared gets a body, so their code compiles without warnings; nothing
        // else is generated for the unit, nor for the line over it. The analyzers report the placeholder.
        var test = new FactoryGeneratorTest(TestProject.ThinkingUnits).ExpectGenerated(new Dictionary<string, string>
        {
            ["Units.DraftReply.ThinkingUnit.g.cs"] = """
                // <auto-generated/>
                #nullable enable

                namespace Units
                {
                    partial class DraftReply
                    {
                        /// <inheritdoc />
                        [global::System.CodeDom.Compiler.GeneratedCode("Factory.Generators", "0.1.0")]
                        public partial global::System.Threading.Tasks.ValueTask<global::Units.Reply> ProcessAsync(global::Units.Ticket input, global::Factory.StationContext context, global::System.Threading.CancellationToken cancellationToken)
                        {
                            throw new global::System.InvalidOperationException("Thinking unit 'DraftReply' did not build: see its FCT diagnostics.");
                        }
                    }
                }

                """,
        });
        test.TestState.Sources.Add(Types);
        test.TestState.Sources.Add("""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Factory;

            namespace Units;

            [ThinkingUnit(Model = "small", Temperature = 0.5)]
            public sealed partial class DraftReply
            {
                [Prompt]
                public const string Ask = "{{Id}} {{Customer.Nme}} {{Customer.Address.City}}";

                public partial ValueTask<Reply> ProcessAsync(Ticket input, StationContext context, CancellationToken cancellationToken);

                private IEnumerable<string> Inspect(Ticket input, Reply output) => [];
            }

            [Line]
            [Step<DraftReply>]
            public sealed partial class Replies;
            """);
        return test.RunAsync();
    }

    [Fact]
    public void An_output_no_context_lists_compiles_and_fails_at_run_time_naming_the_fix()
    {
        string source = GeneratorHarness.RunClean(Compile(Types.Replace("[JsonSerializable(typeof(Reply))]", string.Empty, System.StringComparison.Ordinal), Unit))
            .Sources["Units.DraftReply.ThinkingUnit.g.cs"];

        Assert.Contains("global::Factory.AI.ThinkingEngine.MissingJsonContext<global::Units.Reply>(\"DraftReply\")", source, System.StringComparison.Ordinal);
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_unit_models_cached()
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true);
        CSharpCompilation compilation = Compile(Types, Unit);
        driver = driver.RunGenerators(compilation);

        GeneratorRunResult result = driver
            .RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Elsewhere; public sealed class Unrelated { }", TestProject.ParseOptions, path: "Unrelated.cs")))
            .GetRunResult().Results.Single();

        ImmutableArray<IncrementalGeneratorRunStep> steps = result.TrackedSteps[TrackingNames.ThinkingUnitsWithJson];
        Assert.All(steps.SelectMany(step => step.Outputs), output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{output.Reason}"));
    }
}
