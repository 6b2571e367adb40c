using Microsoft.CodeAnalysis;

namespace Factory.Generators.Analysis;

/// <summary>
/// The types the generator and the analyzers recognise, resolved once per compilation. Shared by
/// both (the analyzers link this file) so they understand stations and lines the same way.
/// </summary>
internal sealed class KnownSymbols
{
    public const string StationAttributeName = "Factory." + nameof(StationAttribute);
    public const string LineAttributeName = "Factory." + nameof(LineAttribute);
    public const string StepAttributeName = "Factory.StepAttribute`1";
    public const string RouteAttributeName = "Factory.RouteAttribute`2";
    public const string GateAttributeName = "Factory.GateAttribute`1";
    public const string DistributedAttributeName = "Factory.DistributedAttribute`1";
    public const string InspectorAttributeName = "Factory.Quality.InspectorAttribute`1";

    /// <summary>Thinking units live in Factory.AI; the generator and analyzers know them by name only.</summary>
    public const string ThinkingUnitAttributeName = "Factory.ThinkingUnitAttribute";
    public const string PromptAttributeName = "Factory.PromptAttribute";
    public const string InstructionsAttributeName = "Factory.InstructionsAttribute";
    public const string ModelCatalogName = "Factory.AI.ModelCatalog";
    public const string JsonSerializableAttributeName = "System.Text.Json.Serialization.JsonSerializableAttribute";
    public const string JsonSerializerContextName = "System.Text.Json.Serialization.JsonSerializerContext";

    private KnownSymbols(Compilation compilation)
    {
        StationAttribute = Find(compilation, StationAttributeName);
        LineAttribute = Find(compilation, LineAttributeName);
        StepAttribute = Find(compilation, StepAttributeName);
        RouteAttribute = Find(compilation, RouteAttributeName);
        ThinkingUnitAttribute = Find(compilation, ThinkingUnitAttributeName);
        PromptAttribute = Find(compilation, PromptAttributeName);
        InstructionsAttribute = Find(compilation, InstructionsAttributeName);
        ModelCatalog = Find(compilation, ModelCatalogName);
        JsonSerializableAttribute = Find(compilation, JsonSerializableAttributeName);
        JsonSerializerContext = Find(compilation, JsonSerializerContextName);
        GateAttribute = Find(compilation, GateAttributeName);
        DistributedAttribute = Find(compilation, DistributedAttributeName);
        InspectorAttribute = Find(compilation, InspectorAttributeName);
        Inspector = Find(compilation, "Factory.Quality.IInspector`2");
        Decision = Find(compilation, "Factory.Decision`1");
        Discard = Find(compilation, "Factory.Discard");
        Gathered = Find(compilation, "Factory.Gathered`1");
        ReadOnlyList = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IReadOnlyList_T);
        StationContext = Find(compilation, "Factory.StationContext");
        CancellationToken = Find(compilation, "System.Threading.CancellationToken");
        Task = Find(compilation, "System.Threading.Tasks.Task`1");
        ValueTask = Find(compilation, "System.Threading.Tasks.ValueTask`1");
        Enumerable = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
        AsyncEnumerable = Find(compilation, "System.Collections.Generic.IAsyncEnumerable`1");
    }

    /// <summary>
    /// The type of <paramref name="metadataName"/> that code in <paramref name="compilation"/> binds to.
    /// <c>GetTypeByMetadataName</c> gives null when two assemblies define the name, and a project that
    /// references the generator's own assembly (a benchmark that runs it) sees the attributes this
    /// assembly compiles in as internal types beside Factory's public ones: take the accessible one.
    /// </summary>
    private static INamedTypeSymbol? Find(Compilation compilation, string metadataName)
    {
        INamedTypeSymbol? found = compilation.GetTypeByMetadataName(metadataName);
        if (found is not null)
        {
            return found;
        }

        INamedTypeSymbol? accessible = null;
        foreach (INamedTypeSymbol candidate in compilation.GetTypesByMetadataName(metadataName))
        {
            if (compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
            {
                if (accessible is not null)
                {
                    return null; // truly ambiguous: the compiler reports it
                }

                accessible = candidate;
            }
        }

        return accessible;
    }

    public INamedTypeSymbol? StationAttribute { get; }

    public INamedTypeSymbol? LineAttribute { get; }

    public INamedTypeSymbol? StepAttribute { get; }

    public INamedTypeSymbol? RouteAttribute { get; }

    public INamedTypeSymbol? Discard { get; }

    /// <summary>The generic <c>[Gate&lt;T&gt;]</c> attribute's definition.</summary>
    public INamedTypeSymbol? GateAttribute { get; }

    /// <summary>The generic <c>[Distributed&lt;TContext&gt;]</c> attribute's definition.</summary>
    public INamedTypeSymbol? DistributedAttribute { get; }

    /// <summary>The generic <c>[Inspector&lt;TStation&gt;]</c> attribute's definition.</summary>
    public INamedTypeSymbol? InspectorAttribute { get; }

    /// <summary>The generic <c>IInspector&lt;TIn, TOut&gt;</c>'s definition.</summary>
    public INamedTypeSymbol? Inspector { get; }

    /// <summary>The generic <c>Decision&lt;T&gt;</c>'s definition: what a gate gives.</summary>
    public INamedTypeSymbol? Decision { get; }

    /// <summary><c>Factory.ThinkingUnitAttribute</c>, or null when Factory.AI is not referenced.</summary>
    public INamedTypeSymbol? ThinkingUnitAttribute { get; }

    public INamedTypeSymbol? PromptAttribute { get; }

    public INamedTypeSymbol? InstructionsAttribute { get; }

    /// <summary><c>Factory.AI.ModelCatalog</c>, which a thinking unit's generated constructor takes.</summary>
    public INamedTypeSymbol? ModelCatalog { get; }

    public INamedTypeSymbol? JsonSerializableAttribute { get; }

    public INamedTypeSymbol? JsonSerializerContext { get; }

    public INamedTypeSymbol? Gathered { get; }

    public INamedTypeSymbol ReadOnlyList { get; }

    public INamedTypeSymbol? StationContext { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol Enumerable { get; }

    public INamedTypeSymbol? AsyncEnumerable { get; }

    /// <summary>True when the compilation references Factory at all.</summary>
    public bool IsFactoryReferenced => StationAttribute is not null && LineAttribute is not null && StepAttribute is not null;

    /// <summary>
    /// The known symbols of <paramref name="compilation"/>, resolved once: the generator parses every
    /// station and line again on each edit, and looking the types up each time was most of that cost.
    /// </summary>
    public static KnownSymbols From(Compilation compilation) => Cache.GetValue(compilation, static c => new KnownSymbols(c));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, KnownSymbols> Cache = new();

    /// <summary>The <c>T</c> of <c>Gathered&lt;T&gt;</c>, or null when <paramref name="type"/> is not one.</summary>
    public ITypeSymbol? GatheredItem(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true } named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Gathered)
            ? named.TypeArguments[0]
            : null;

    /// <summary>True for a <c>[Station]</c> and for a <c>[ThinkingUnit]</c>: a thinking unit is a station.</summary>
    public bool IsStation(ITypeSymbol? type) => HasAttribute(type, StationAttribute) || IsThinkingUnit(type) || IsGate(type);

    /// <summary>True for a <c>[Gate&lt;T&gt;]</c> class: a station whose work is a person's decision.</summary>
    public bool IsGate(ITypeSymbol? type) => type is not null && GateAttributeOf(type) is not null;

    /// <summary>The <c>[Gate&lt;T&gt;]</c> attribute of <paramref name="type"/>, or null.</summary>
    public AttributeData? GateAttributeOf(ITypeSymbol type) => FindGenericAttribute(type, GateAttribute);

    /// <summary>The <c>[Distributed&lt;TContext&gt;]</c> attribute of <paramref name="type"/>, or null.</summary>
    public AttributeData? DistributedAttributeOf(ITypeSymbol type) => FindGenericAttribute(type, DistributedAttribute);

    private static AttributeData? FindGenericAttribute(ITypeSymbol type, INamedTypeSymbol? definition)
    {
        if (definition is null)
        {
            return null;
        }

        foreach (AttributeData data in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass?.OriginalDefinition, definition))
            {
                return data;
            }
        }

        return null;
    }

    /// <summary><c>Decision&lt;T&gt;</c> of <paramref name="payload"/>, or null when Factory has no Decision.</summary>
    public INamedTypeSymbol? DecisionOf(ITypeSymbol payload) => Decision?.Construct(payload);

    public bool IsThinkingUnit(ITypeSymbol? type) => HasAttribute(type, ThinkingUnitAttribute);

    public AttributeData? ThinkingUnitAttributeOf(ITypeSymbol type) => FindAttribute(type, ThinkingUnitAttribute);

    public bool IsLine(ITypeSymbol? type) => HasAttribute(type, LineAttribute);

    /// <summary>The <c>[Station]</c> attribute (not a thinking unit's: see <see cref="ThinkingUnitAttributeOf"/>).</summary>
    public AttributeData? StationAttributeOf(ITypeSymbol type) => FindAttribute(type, StationAttribute);

    public AttributeData? LineAttributeOf(ITypeSymbol type) => FindAttribute(type, LineAttribute);

    private static bool HasAttribute(ITypeSymbol? type, INamedTypeSymbol? attribute) =>
        type is not null && FindAttribute(type, attribute) is not null;

    internal static AttributeData? FindAttribute(ISymbol type, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (AttributeData data in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }
}
