using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Factory.Generators.Tests.Verification;

/// <summary>
/// The kit's generator test over <see cref="TestProject"/>. It runs <see cref="FactoryGenerator"/> over
/// <c>TestState.Sources</c>, requires exactly the files in <c>TestState.GeneratedSources</c> (see
/// <see cref="ExpectGenerated"/>), and requires the generator to report nothing and the compilation with
/// the generated files to have no errors or warnings, as in a project with warnings as errors, except
/// the compiler diagnostics the sources mark (<c>{|CS0246:text|}</c>) or the test adds to
/// <c>ExpectedDiagnostics</c>.
/// </summary>
internal sealed class FactoryGeneratorTest : CSharpSourceGeneratorTest<FactoryGenerator, DefaultVerifier>
{
    /// <param name="packages">References beyond <see cref="TestProject.References"/>, e.g. <see cref="TestProject.ThinkingUnits"/>.</param>
    public FactoryGeneratorTest(ImmutableArray<MetadataReference> packages = default)
    {
        ReferenceAssemblies = TestProject.ReferenceAssemblies;
        TestState.AdditionalReferences.AddRange(TestProject.References);
        TestState.AdditionalReferences.AddRange(packages.IsDefault ? [] : packages);

        // The kit puts a documentation mode of its own over the parse options (Diagnose, which gives CS1591
        // for every undocumented public type in the test sources); keep TestProject's, as the driver does.
        TestState.DocumentationMode = TestProject.ParseOptions.DocumentationMode;
        CompilerDiagnostics = CompilerDiagnostics.Warnings;
    }

    /// <summary>Expects the generator to emit <paramref name="sources"/>: text by hint name, as <c>AddSource</c> writes it (UTF-8).</summary>
    public FactoryGeneratorTest ExpectGenerated(IEnumerable<KeyValuePair<string, string>> sources)
    {
        foreach ((string hintName, string text) in sources)
        {
            TestState.GeneratedSources.Add((typeof(FactoryGenerator), hintName, text));
        }

        return this;
    }

    protected override string DefaultTestProjectName => TestProject.AssemblyName;

    protected override CompilationOptions CreateCompilationOptions() => TestProject.CompilationOptions;

    protected override ParseOptions CreateParseOptions() => TestProject.ParseOptions;
}
