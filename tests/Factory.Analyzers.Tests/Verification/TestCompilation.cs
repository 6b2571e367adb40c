using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Factory.Analyzers.Tests.Verification;

/// <summary>Compiles test sources the way a project using Factory would: the framework plus Factory.dll and Factory.AI.dll.</summary>
internal static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpCompilation Create(params string[] sources) =>
        CSharpCompilation.Create(
            "Factory.Analyzers.Test",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: FileName(i))),
            References,
            CompilationOptions);

    public static string FileName(int index) => $"Source{index}.cs";

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // This process's trusted platform assemblies also hold the test's own dependencies (Roslyn,
        // xunit); a project using Factory sees only the framework, so keep the assemblies that sit
        // next to System.Private.CoreLib, and add Factory.dll.
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            // ILine<,>, not an attribute: the analyzers compile the attributes in as internal types, so their names are ambiguous here.
            .Append(typeof(ILine<,>).Assembly.Location)
            .Append(typeof(ThinkingUnitAttribute).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
