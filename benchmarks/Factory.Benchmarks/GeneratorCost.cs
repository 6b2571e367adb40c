using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Factory.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Factory.Benchmarks;

/// <summary>
/// Generator cost: <see cref="FactoryGenerator"/> over 100 lines of 10 stations (one file per line,
/// 1,000 stations, sync / ValueTask / IEnumerable work methods mixed). "Cold" is a new driver over a
/// new compilation (no incremental cache; the generator's code is already JIT-compiled, as in a
/// long-lived compiler server). "Edit" reuses a driver that has seen the project and runs it after a
/// one-line edit to one station's body, as the IDE does on a keystroke. Results are per run.
/// <see cref="DescribeEditCaching"/> says whether the edited run was served from the cache.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Generator")]
public class GeneratorCost
{
    public const int Lines = 100;

    public const int StationsPerLine = 10;

    /// <summary>Which file the edit touches.</summary>
    private const int EditedLine = 42;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private SyntaxTree[] trees = null!;
    private SyntaxTree editedTree = null!;
    private ImmutableArray<MetadataReference> references;
    private CSharpCompilation compilation = null!;
    private GeneratorDriver warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        (trees, editedTree, references) = Project();
        compilation = Compile(trees, references);
        warm = Driver(track: false).RunGenerators(compilation);
    }

    [Benchmark(Baseline = true, Description = "Cold: new driver, new compilation")]
    public GeneratorDriver Cold() => Driver(track: false).RunGenerators(Compile(trees, references));

    [Benchmark(Description = "After a one-line edit: driver reused")]
    public GeneratorDriver Edit() => warm.RunGenerators(compilation.ReplaceSyntaxTree(trees[EditedLine], editedTree));

    /// <summary>
    /// Runs the generator cold and after the edit with step tracking on, and says what the edited
    /// run did with each step's outputs (Cached / Unchanged / Modified / New), and whether the
    /// generated project compiles.
    /// </summary>
    public static string DescribeEditCaching()
    {
        var (trees, edited, references) = Project();
        CSharpCompilation original = Compile(trees, references);
        GeneratorDriver first = Driver(track: true).RunGeneratorsAndUpdateCompilation(original, out Compilation generated, out _);
        int errors = generated.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        int files = first.GetRunResult().GeneratedTrees.Length;
        GeneratorDriver second = first.RunGenerators(original.ReplaceSyntaxTree(trees[EditedLine], edited));
        GeneratorRunResult result = second.GetRunResult().Results.Single();

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Generator: {Lines} lines x {StationsPerLine} stations -> {files} generated files, {errors} compile errors in the generated project.\n");
        text.Append(CultureInfo.InvariantCulture, $"Edit: one station body in line {EditedLine} (`input + 3` -> `input + 4`). Step outputs of the edited run:\n");
        bool cached = true;
        foreach (string step in new[] { TrackingNames.Stations, TrackingNames.Lines, TrackingNames.CompilationFacts, TrackingNames.Registration })
        {
            if (!result.TrackedSteps.TryGetValue(step, out ImmutableArray<IncrementalGeneratorRunStep> runs))
            {
                text.Append(CultureInfo.InvariantCulture, $"  {step}: not run\n");
                continue;
            }

            text.Append(CultureInfo.InvariantCulture, $"  {step}: {Reasons(runs.SelectMany(r => r.Outputs))}\n");
        }

        IEnumerable<(object Value, IncrementalStepRunReason Reason)> outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs);
        text.Append(CultureInfo.InvariantCulture, $"  source outputs: {Reasons(outputs)}\n");
        cached &= outputs.All(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        text.Append(cached
            ? "Served from cache: yes (no source output was regenerated).\n"
            : "Served from cache: NO (some source output was regenerated).\n");

        // Where the edited run spends its time, by step (Roslyn's own steps included).
        var slowest = result.TrackedSteps
            .Select(step => (Name: step.Key, Runs: step.Value.Length, Ms: step.Value.Sum(r => r.ElapsedTime.TotalMilliseconds)))
            .OrderByDescending(step => step.Ms)
            .Take(3);
        text.Append("Slowest steps of the edited run: ");
        text.AppendJoin("; ", slowest.Select(step => string.Create(CultureInfo.InvariantCulture, $"{step.Name} {step.Ms:0.0} ms over {step.Runs} runs")));
        text.Append(CultureInfo.InvariantCulture, $" (generator total {second.GetTimingInfo().ElapsedTime.TotalMilliseconds:0} ms, first run with tracking, JIT not warm).\n");
        return text.ToString();
    }

    private static string Reasons(IEnumerable<(object Value, IncrementalStepRunReason Reason)> outputs) =>
        string.Join(", ", outputs.GroupBy(o => o.Reason).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));

    private static GeneratorDriver Driver(bool track) =>
        CSharpGeneratorDriver.Create(
            [new FactoryGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    private static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees, ImmutableArray<MetadataReference> references) =>
        CSharpCompilation.Create(
            "Factory.GeneratorCost",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The project's trees (parsed once: parsing is the compiler's cost, not the generator's), the edited tree, and its references.</summary>
    private static (SyntaxTree[] Trees, SyntaxTree Edited, ImmutableArray<MetadataReference> References) Project()
    {
        SyntaxTree[] trees = Enumerable.Range(0, Lines)
            .Select(i => CSharpSyntaxTree.ParseText(LineSource(i), ParseOptions, path: $"Line{i}.cs"))
            .ToArray();
        SyntaxTree before = trees[EditedLine];
        SourceText text = before.GetText();
        int at = text.ToString().IndexOf("input + 3;", StringComparison.Ordinal);
        SyntaxTree edited = before.WithChangedText(text.WithChanges(new TextChange(new TextSpan(at + "input + ".Length, 1), "4")));
        return (trees, edited, References());
    }

    private static string LineSource(int line)
    {
        var source = new StringBuilder();
        source.Append(CultureInfo.InvariantCulture, $$"""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Factory;

            namespace Generated.Line{{line}};

            """);
        for (int s = 0; s < StationsPerLine; s++)
        {
            string work = (s % 3) switch
            {
                0 => $"public long Process(long input) => input + {s};",
                1 => $"public async ValueTask<long> ProcessAsync(long input, CancellationToken cancellationToken) {{ await Task.Yield(); return input + {s}; }}",
                _ => $"public IEnumerable<long> Process(long input, StationContext context) {{ yield return input + {s}; }}",
            };
            string options = s == 5 ? "(Parallelism = 4, MaxAttempts = 3, TimeoutMs = 1000)" : string.Empty;
            source.Append(CultureInfo.InvariantCulture, $$"""

                [Station{{options}}]
                public sealed partial class Station{{s}}
                {
                    {{work}}
                }

                """);
        }

        source.Append("\n[Line]\n");
        for (int s = 0; s < StationsPerLine; s++)
        {
            source.Append(CultureInfo.InvariantCulture, $"[Step<Station{s}>]\n");
        }

        source.Append(CultureInfo.InvariantCulture, $"public sealed partial class Line{line};\n");
        return source.ToString();
    }

    /// <summary>The framework's assemblies and Factory.dll: what a project using Factory compiles against.</summary>
    private static ImmutableArray<MetadataReference> References()
    {
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Where(path => string.Equals(Path.GetDirectoryName(path), framework, StringComparison.Ordinal))
            .Append(typeof(StationAttribute).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
