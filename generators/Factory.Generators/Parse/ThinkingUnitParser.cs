using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Factory.Generators.Analysis;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Parse;

/// <summary>
/// Turns a <c>[ThinkingUnit]</c> class into a <see cref="ThinkingUnitModel"/>. Null when the class or its
/// work method cannot take generated code at all; a model with <c>IsValid</c> false when only the prompt
/// is wrong (the work method is then implemented to throw, so the analyzers' diagnostics are the only errors).
/// </summary>
internal static class ThinkingUnitParser
{
    public static ThinkingUnitModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol unit || !Eligible.IsPartialAndSupported(unit, context.TargetNode))
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        Compilation compilation = context.SemanticModel.Compilation;
        KnownSymbols known = KnownSymbols.From(compilation);
        AttributeData attribute = context.Attributes[0];
        ThinkingUnitInfo info = ThinkingUnitInfo.Read(unit, attribute, known, compilation);
        if (info.MethodProblem != UnitMethodProblem.None)
        {
            return null;
        }

        StationOptionsReader options = StationOptionsReader.Read(attribute);
        WorkMethod work = info.Work;
        bool emitConstructor = unit.InstanceConstructors.All(c => c.IsImplicitlyDeclared);
        ConstructorModel? constructor = !emitConstructor
            ? ConstructorReader.Read(unit)
            : known.ModelCatalog is { } catalog ? new ConstructorModel(new[] { Names.Type(catalog) }.ToEquatableArray()) : null;

        return new ThinkingUnitModel(
            StationModelBuilder.Build(unit, work, options, constructor),
            info.IsValid && options.IsValid,
            Method(work.Method!, known),
            Names.Type(work.Output!.WithNullableAnnotation(NullableAnnotation.None)),
            options.Model,
            options.Escalate,
            options.Temperature,
            options.MaxOutputTokens,
            options.MaxRepairs,
            options.CacheMinutes,
            info.Instructions,
            info.IsValid ? Prompt(info) : EquatableArray<PromptPart>.Empty,
            AnnotationReader.Read(work.Output!),
            info.Inspect is not null,
            emitConstructor,
            null);
    }

    /// <summary>Reads the types each <c>[JsonSerializable]</c> context lists.</summary>
    public static JsonContextModel? ParseContext(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var listed = new List<TypeRef>();
        foreach (AttributeData attribute in context.Attributes)
        {
            if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol serializable)
            {
                listed.Add(Names.Type(serializable.WithNullableAnnotation(NullableAnnotation.None)));
            }
        }

        return new JsonContextModel(new TypeRef(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), IsNullable: false), listed.ToEquatableArray());
    }

    /// <summary>The unit with the first context (by name) that lists its output type.</summary>
    public static ThinkingUnitModel WithContext(ThinkingUnitModel unit, ImmutableArray<JsonContextModel> contexts)
    {
        TypeRef? found = contexts
            .Where(c => c.Types.Contains(unit.OutputKey))
            .Select(c => c.Context)
            .OrderBy(context => context.Name, System.StringComparer.Ordinal)
            .FirstOrDefault();
        return found is null || found == unit.JsonContext ? unit : unit with { JsonContext = found };
    }

    private static UnitMethodModel Method(IMethodSymbol method, KnownSymbols known)
    {
        string? contextName = null;
        string? tokenName = null;
        var parameters = new List<ParameterModel>();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            parameters.Add(new ParameterModel(Names.Type(parameter.Type), parameter.Name));
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, known.StationContext))
            {
                contextName = parameter.Name;
            }
            else if (SymbolEqualityComparer.Default.Equals(parameter.Type, known.CancellationToken))
            {
                tokenName = parameter.Name;
            }
        }

        return new UnitMethodModel(
            method.DeclaredAccessibility,
            Names.Type(method.ReturnType),
            parameters.ToEquatableArray(),
            method.Parameters[0].Name,
            contextName,
            tokenName);
    }

    /// <summary>The prompt as text and member paths: <c>{{Customer.Name}}</c> reads <c>Customer</c>, then its <c>Name</c>.</summary>
    private static EquatableArray<PromptPart> Prompt(ThinkingUnitInfo info)
    {
        var parts = new List<PromptPart>();
        int placeholder = 0;
        foreach (PromptToken token in info.Tokens)
        {
            if (token.Kind == PromptTokenKind.Text)
            {
                parts.Add(new PromptPart(token.Value, EquatableArray<PathMember>.Empty));
                continue;
            }

            PlaceholderBinding binding = info.Bindings[placeholder++];
            EquatableArray<PathMember> path = binding.Members
                .Select(member => new PathMember(member.Name, MayBeNull(ThinkingUnitInfo.MemberType(member))))
                .ToEquatableArray();
            parts.Add(new PromptPart(token.Value, path));
        }

        return parts.ToEquatableArray();
    }

    private static bool MayBeNull(ITypeSymbol type) =>
        type.IsReferenceType || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
}
