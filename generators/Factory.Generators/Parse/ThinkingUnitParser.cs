using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Factory.Generators.Analysis;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

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
        ConstructorModel? constructor = emitConstructor
            ? new ConstructorModel(new[] { "global::Factory.AI.ModelCatalog" }.ToEquatableArray())
            : ConstructorReader.Read(unit);
        var station = new StationModel(
            TypeDeclarationReader.Read(unit),
            options.Name ?? unit.Name,
            options.Version,
            Names.FullyQualified(work.Input!),
            Names.FullyQualified(work.Output!),
            Names.Display(work.Input!),
            Names.Display(work.Output!),
            work.Shape,
            work.Method!.Name,
            work.Extras.Select(e => e == WorkParameter.Context ? "context" : "cancellationToken").ToEquatableArray(),
            new OptionsModel(options.Parallelism, options.Capacity, options.Ordered, options.MaxAttempts, options.BackoffMs, options.TimeoutMs, 0, 0),
            options.Requires.ToEquatableArray(),
            constructor,
            false,
            SensitiveReader.Redaction(work.Input!));

        return new ThinkingUnitModel(
            station,
            info.IsValid && options.IsValid,
            Method(work.Method!, known),
            Names.FullyQualified(work.Output!.WithNullableAnnotation(NullableAnnotation.None)),
            options.Model,
            options.Escalate ?? string.Empty,
            Temperature(options),
            options.MaxOutputTokens,
            options.MaxRepairs,
            info.Instructions,
            info.IsValid ? Prompt(info, work.Input!) : EquatableArray<PromptPart>.Empty,
            AnnotationReader.Read(work.Output!),
            info.Inspect is not null,
            emitConstructor,
            string.Empty);
    }

    /// <summary>Reads the types each <c>[JsonSerializable]</c> context lists.</summary>
    public static JsonContextModel? ParseContext(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var listed = new List<string>();
        foreach (AttributeData attribute in context.Attributes)
        {
            if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol serializable)
            {
                listed.Add(Names.FullyQualified(serializable.WithNullableAnnotation(NullableAnnotation.None)));
            }
        }

        return new JsonContextModel(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), listed.ToEquatableArray());
    }

    /// <summary>The unit with the first context (by name) that lists its output type.</summary>
    public static ThinkingUnitModel WithContext(ThinkingUnitModel unit, ImmutableArray<JsonContextModel> contexts)
    {
        string? found = contexts
            .Where(c => c.Types.Contains(unit.OutputKey))
            .Select(c => c.Context)
            .OrderBy(name => name, System.StringComparer.Ordinal)
            .FirstOrDefault();
        return found is null || found == unit.JsonContext ? unit : unit with { JsonContext = found };
    }

    private static UnitMethodModel Method(IMethodSymbol method, KnownSymbols known)
    {
        string contextName = string.Empty;
        string tokenName = string.Empty;
        var parameters = new List<string>();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            parameters.Add($"{Names.FullyQualified(parameter.Type)} {Identifier(parameter.Name)}");
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, known.StationContext))
            {
                contextName = Identifier(parameter.Name);
            }
            else if (SymbolEqualityComparer.Default.Equals(parameter.Type, known.CancellationToken))
            {
                tokenName = Identifier(parameter.Name);
            }
        }

        string modifiers = SyntaxFacts.GetText(method.DeclaredAccessibility);
        return new UnitMethodModel(
            modifiers,
            Names.FullyQualified(method.ReturnType),
            method.Name,
            parameters.ToEquatableArray(),
            Identifier(method.Parameters[0].Name),
            contextName,
            tokenName,
            SymbolEqualityComparer.Default.Equals(method.ReturnType.OriginalDefinition, known.Task));
    }

    /// <summary>The prompt as text and member expressions: <c>{{Customer.Name}}</c> becomes <c>input.Customer?.Name</c>.</summary>
    private static EquatableArray<PromptPart> Prompt(ThinkingUnitInfo info, ITypeSymbol input)
    {
        var parts = new List<PromptPart>();
        int placeholder = 0;
        foreach (PromptToken token in info.Tokens)
        {
            if (token.Kind == PromptTokenKind.Text)
            {
                parts.Add(new PromptPart(true, token.Value));
                continue;
            }

            PlaceholderBinding binding = info.Bindings[placeholder++];
            string expression = input.IsReferenceType && input.NullableAnnotation == NullableAnnotation.Annotated ? "input?" : "input";
            ITypeSymbol current = input;
            for (int i = 0; i < binding.Members.Length; i++)
            {
                ISymbol member = binding.Members[i];
                string access = i == 0 ? "." : MayBeNull(current) ? "?." : ".";
                expression += access + Identifier(member.Name);
                current = ThinkingUnitInfo.MemberType(member);
            }

            parts.Add(new PromptPart(false, expression));
        }

        return parts.ToEquatableArray();
    }

    private static bool MayBeNull(ITypeSymbol type) =>
        type.IsReferenceType || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };

    private static string Temperature(StationOptionsReader options) =>
        options.Temperature is { } value ? value.ToString("R", CultureInfo.InvariantCulture) + "f" : string.Empty;

    private static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
