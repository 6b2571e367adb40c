using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Factory.Generators.Tests.Verification;

/// <summary>
/// Runs <see cref="FactoryGenerator"/> with Roslyn's <see cref="CSharpGeneratorDriver"/> over sources
/// compiled as <see cref="TestProject"/>, for what the kit cannot do: tracked incremental steps, the
/// models themselves, and generated code that is loaded and run.
/// </summary>
internal static class GeneratorHarness
{
    public static CSharpCompilation Compile(params string[] sources) =>
        Compile(TestProject.ParseOptions, [], sources);

    /// <summary>Compiles <paramref name="sources"/> with <paramref name="packages"/> referenced too, e.g. <see cref="TestProject.DependencyInjection"/>.</summary>
    public static CSharpCompilation Compile(ImmutableArray<MetadataReference> packages, params string[] sources) =>
        Compile(TestProject.ParseOptions, packages, sources);

    /// <summary>Compiles <paramref name="sources"/> as one assembly of <see cref="TestProject"/>, parsed with <paramref name="parseOptions"/>.</summary>
    public static CSharpCompilation Compile(CSharpParseOptions parseOptions, ImmutableArray<MetadataReference> packages, params string[] sources) =>
        CSharpCompilation.Create(
            TestProject.AssemblyName,
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions, path: $"Source{i}.cs")),
            TestProject.References.AddRange(packages),
            TestProject.CompilationOptions);

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new FactoryGenerator().AsSourceGenerator() },
            parseOptions: TestProject.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator and returns its result and the compilation with the generated sources added.</summary>
    public static Generated Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new Generated(driver.GetRunResult(), output, diagnostics);
    }

    /// <summary>
    /// Runs the generator over valid input and checks it is clean: no diagnostics from the generator,
    /// none in the run result, and no errors or warnings in the compilation it produces.
    /// </summary>
    public static Generated RunClean(params string[] sources) => RunClean(Compile(sources));

    /// <inheritdoc cref="RunClean(string[])"/>
    public static Generated RunClean(CSharpCompilation input)
    {
        Generated generated = Run(input);
        AssertNoProblems("generator driver", generated.DriverDiagnostics);
        AssertNoProblems("run result", generated.Result.Diagnostics);
        GeneratorRunResult single = Assert.Single(generated.Result.Results);
        Assert.Null(single.Exception);
        AssertNoProblems("generator", single.Diagnostics);
        AssertNoProblems("output compilation", generated.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return generated;
    }

    public static void AssertNoProblems(string where, IEnumerable<Diagnostic> diagnostics)
    {
        Diagnostic[] found = diagnostics.ToArray();
        Assert.True(found.Length == 0, $"{where} reported:\n{string.Join("\n", found.Select(d => d.ToString()))}");
    }
}
