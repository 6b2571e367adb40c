using System;
using System.Collections.Immutable;
using Factory.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace Factory.Generators.Tests.Verification;

/// <summary>
/// The project the generator runs over, the same for the kit's tests (<see cref="FactoryGeneratorTest"/>)
/// and the driver's (<see cref="GeneratorHarness"/>): a library using Factory, the latest language,
/// nullable on, compiled against this run's framework and Factory.dll (nothing is downloaded). A test
/// adds <see cref="DependencyInjection"/> or <see cref="ThinkingUnits"/> as a project adds a package.
/// </summary>
internal static class TestProject
{
    /// <summary>The assembly's name, which the registration is named after (<c>AddFactoryGeneratedTestFactory</c>).</summary>
    public const string AssemblyName = "Factory.Generated.Test";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly CSharpCompilationOptions CompilationOptions =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    /// <summary>For the kit: a set without a reference pack, which it would download from NuGet; <see cref="References"/> stand in.</summary>
    public static readonly ReferenceAssemblies ReferenceAssemblies = new("net10.0");

    // ILine<,>, not an attribute: the generator compiles the attributes in as internal types, so their names are ambiguous here.
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
        RunReferences.Framework().AddRange(RunReferences.Of(typeof(ILine<,>))));

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyDependencyInjection = new(() => RunReferences.Of(
        typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection),
        typeof(Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions)));

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyThinkingUnits = new(() => RunReferences.Of(
        typeof(Factory.AI.ModelCatalog),
        typeof(Microsoft.Extensions.AI.IChatClient)));

    /// <summary>The framework this test runs on and Factory.dll: what every test project references.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>Microsoft.Extensions.DependencyInjection: with it, the generator emits the registration.</summary>
    public static ImmutableArray<MetadataReference> DependencyInjection => LazyDependencyInjection.Value;

    /// <summary>Factory.AI and Microsoft.Extensions.AI, for thinking units.</summary>
    public static ImmutableArray<MetadataReference> ThinkingUnits => LazyThinkingUnits.Value;
}
