using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>
/// Compiles sources against the real runtime assembly, runs <see cref="FactoryGenerator"/> over them
/// with <see cref="CSharpGeneratorDriver"/>, and loads the result so tests can run the generated lines.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    private static readonly Lazy<ImmutableArray<MetadataReference>> DependencyInjectionReferences = new(() => ImmutableArray.Create<MetadataReference>(
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions).Assembly.Location)));

    /// <summary>The framework assemblies plus Factory.dll: what a project using Factory compiles against.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpCompilation Compile(params string[] sources) =>
        Compile(ParseOptions, sources);

    public static CSharpCompilation Compile(CSharpParseOptions parseOptions, params string[] sources) =>
        Compile(parseOptions, withDependencyInjection: false, sources);

    /// <summary>
    /// Compiles <paramref name="sources"/> as one assembly; with <paramref name="withDependencyInjection"/>
    /// it also references Microsoft.Extensions.DependencyInjection, so the generator emits the registration.
    /// </summary>
    public static CSharpCompilation Compile(CSharpParseOptions parseOptions, bool withDependencyInjection, params string[] sources) =>
        CSharpCompilation.Create(
            "Factory.Generated.Test",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, parseOptions, path: $"Source{i}.cs")),
            withDependencyInjection ? References.AddRange(DependencyInjectionReferences.Value) : References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new FactoryGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
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

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The trusted platform assemblies of this test process include the test's own dependencies
        // (Roslyn, xunit, the generator); a user's project sees only the framework, so keep the
        // assemblies that sit next to System.Private.CoreLib. Factory.dll is the one this process
        // loaded, so generated code and the test share one runtime.
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            // ILine<,>, not an attribute: the generator compiles the attributes in as internal types, so their names are ambiguous here.
            .Append(typeof(ILine<,>).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}

/// <summary>What one generator run gave.</summary>
internal sealed record Generated(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> DriverDiagnostics)
{
    /// <summary>Generated source by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>Emits the output compilation and loads it into a fresh collectible context.</summary>
    public LoadedAssembly Load()
    {
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = Output.Emit(image);
        GeneratorHarness.AssertNoProblems("emit", emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.True(emitted.Success);
        image.Position = 0;
        return new LoadedAssembly(image);
    }
}

/// <summary>
/// An emitted test assembly in its own collectible load context. Every reference it makes (Factory,
/// the framework) resolves from the default context, so <c>ILine&lt;TIn, TOut&gt;</c> is the very type
/// the test sees.
/// </summary>
internal sealed class LoadedAssembly : IDisposable
{
    private readonly TestLoadContext context = new();

    public LoadedAssembly(Stream image) => Assembly = context.LoadFromStream(image);

    public Assembly Assembly { get; }

    /// <summary>Calls a public static parameterless method of the loaded assembly, e.g. a factory written in the test source.</summary>
    public T Call<T>(string typeName, string methodName)
    {
        Type type = Assembly.GetType(typeName, throwOnError: true)!;
        MethodInfo method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{typeName}.{methodName} not found.");
        return Assert.IsAssignableFrom<T>(method.Invoke(null, null));
    }

    /// <summary>Reads a public static property of the loaded assembly, e.g. a generated descriptor.</summary>
    public T Get<T>(string typeName, string propertyName)
    {
        Type type = Assembly.GetType(typeName, throwOnError: true)!;
        PropertyInfo property = type.GetProperty(propertyName, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{typeName}.{propertyName} not found.");
        return Assert.IsAssignableFrom<T>(property.GetValue(null));
    }

    public void Dispose() => context.Unload();

    private sealed class TestLoadContext : AssemblyLoadContext
    {
        public TestLoadContext()
            : base("Factory.Generators.Tests", isCollectible: true)
        {
        }

        // Null sends the request to the default context, where this test process already loaded Factory.dll.
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }
}
