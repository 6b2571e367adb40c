using System;
using System.Collections.Immutable;
using System.Linq;
using Factory.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Factory.Analyzers.Tests.Verification;

/// <summary>
/// The project the kits compile test sources in, as a project using Factory would be: every analyzer
/// Factory.Analyzers ships, nullable on, the latest language, and the framework plus Factory.dll and
/// Factory.AI.dll as references, all taken from this test run's own files (nothing is downloaded).
/// </summary>
internal static class TestProject
{
    /// <summary>Every analyzer the assembly ships, as a user's build would load them.</summary>
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(StationAnalyzer).Assembly
        .GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
        .ToImmutableArray();

    /// <summary>
    /// No reference package: the kits' own sets (<c>ReferenceAssemblies.Net.Net80</c> and the like) fetch
    /// reference packs from NuGet while the tests run. An empty set resolves without a package, and
    /// <see cref="References"/> supplies the assemblies instead.
    /// </summary>
    public static readonly ReferenceAssemblies ReferenceAssemblies = new("net10.0");

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>The framework this test runs on, Factory.dll and Factory.AI.dll.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>Gives a kit's test the references above.</summary>
    public static void Configure(AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = ReferenceAssemblies;
        test.TestState.AdditionalReferences.AddRange(References);
    }

    /// <summary>The kit's options (a library) with nullable on, as in Factory's own projects.</summary>
    public static CompilationOptions WithNullable(CompilationOptions options) =>
        ((CSharpCompilationOptions)options).WithNullableContextOptions(NullableContextOptions.Enable);

    /// <summary>A diagnostic the test expects, with the id's descriptor (so its severity, Error, is checked too).</summary>
    public static DiagnosticResult Diagnostic(string id) =>
        new(Analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).Single(descriptor => descriptor.Id == id));

    // ILine<,>, not an attribute: the analyzers compile the attributes in as internal types, so their names are ambiguous here.
    private static ImmutableArray<MetadataReference> LoadReferences() =>
        RunReferences.Framework().AddRange(RunReferences.Of(typeof(ILine<,>), typeof(ThinkingUnitAttribute)));
}
