using System;
using System.Collections.Immutable;
using System.Threading;
using Factory.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Factory.Analyzers;

/// <summary>
/// Checks each <c>[ThinkingUnit]</c>: a partial work method of a supported shape (FCT0024), a constant,
/// non-empty prompt (FCT0022), well-formed placeholders (FCT0023) bound to members of the input
/// (FCT0020, with the closest name suggested), an output type some JsonSerializerContext lists
/// (FCT0021); StationAnalyzer checks their options (FCT0005). Reads units with the generator's own
/// <see cref="ThinkingUnitInfo"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThinkingUnitAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The property FCT0020 carries with the member name to use instead.</summary>
    public const string SuggestionProperty = "Suggestion";

    /// <summary>The property FCT0020 carries when its span is exactly the wrong name inside the string literal.</summary>
    public const string ExactProperty = "Exact";

    /// <summary>The property FCT0021 carries with the output type, fully qualified.</summary>
    public const string OutputTypeProperty = "OutputType";

    /// <summary>The property FCT0021 carries with the output type as people read it.</summary>
    public const string OutputNameProperty = "OutputName";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.PlaceholderNotAMember,
        DiagnosticDescriptors.OutputWithoutJsonTypeInfo,
        DiagnosticDescriptors.MissingPrompt,
        DiagnosticDescriptors.MalformedPlaceholder,
        DiagnosticDescriptors.UnsupportedUnitMethod);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            KnownSymbols known = KnownSymbols.From(start.Compilation);
            if (known.ThinkingUnitAttribute is null)
            {
                return;
            }

            Compilation compilation = start.Compilation;
            var contexts = new Lazy<ImmutableArray<INamedTypeSymbol>>(() => JsonContexts.All(compilation, known), LazyThreadSafetyMode.ExecutionAndPublication);
            start.RegisterSymbolAction(symbol => Analyze(symbol, known, compilation, contexts), SymbolKind.NamedType);
        });
    }

    /// <summary>Where <paramref name="start"/>..+<paramref name="length"/> of a constant's value is in its string literal, or the initializer when that cannot be told.</summary>
    internal static (Location Location, bool Exact) InLiteral(IFieldSymbol field, int start, int length, CancellationToken cancellationToken)
    {
        foreach (SyntaxReference reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                continue;
            }

            if (length > 0
                && value is LiteralExpressionSyntax literal
                && literal.Token.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken)
            {
                // Found verbatim inside the token's text (no escapes, no stripped indentation): the exact span.
                SyntaxToken token = literal.Token;
                int offset = token.ValueText.Length == 0 ? -1 : token.Text.IndexOf(token.ValueText, StringComparison.Ordinal);
                if (offset >= 0)
                {
                    return (Location.Create(value.SyntaxTree, new TextSpan(token.SpanStart + offset + start, length)), true);
                }
            }

            return (value.GetLocation(), false);
        }

        return (field.Locations.Length > 0 ? field.Locations[0] : Location.None, false);
    }

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known, Compilation compilation, Lazy<ImmutableArray<INamedTypeSymbol>> contexts)
    {
        var unit = (INamedTypeSymbol)context.Symbol;
        AttributeData? attribute = known.ThinkingUnitAttributeOf(unit);
        if (attribute is null)
        {
            return;
        }

        CancellationToken cancellationToken = context.CancellationToken;
        ThinkingUnitInfo info = ThinkingUnitInfo.Read(unit, attribute, known, compilation);
        string name = unit.ToDisplayString();
        ReportMethod(context, unit, name, info);
        ReportPrompt(context, unit, name, info);
        if (info.Output is { } output && known.JsonSerializerContext is not null && JsonContexts.For(output, contexts.Value, known) is null)
        {
            IMethodSymbol method = info.Work.Method!;
            Location location = method.DeclaringSyntaxReferences.Length > 0 && method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration
                ? declaration.ReturnType.GetLocation()
                : method.Locations[0];
            string outputName = output.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString();
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.OutputWithoutJsonTypeInfo,
                location,
                ImmutableDictionary<string, string?>.Empty
                    .Add(OutputTypeProperty, output.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                    .Add(OutputNameProperty, outputName),
                outputName,
                name));
        }
    }

    private static void ReportMethod(SymbolAnalysisContext context, INamedTypeSymbol unit, string name, ThinkingUnitInfo info)
    {
        if (info.MethodProblem == UnitMethodProblem.None)
        {
            return;
        }

        if (info.MethodProblem == UnitMethodProblem.Missing)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsupportedUnitMethod,
                SyntaxLocations.ClassIdentifier(unit, info.Attribute, context.CancellationToken),
                name,
                info.MethodReason));
            return;
        }

        ImmutableArray<IMethodSymbol> candidates = info.Work.Candidates;
        for (int i = info.MethodProblem == UnitMethodProblem.Ambiguous ? 1 : 0; i < candidates.Length; i++)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UnsupportedUnitMethod,
                candidates[i].Locations.Length > 0 ? candidates[i].Locations[0] : Location.None,
                name,
                info.MethodReason));
        }
    }

    private static void ReportPrompt(SymbolAnalysisContext context, INamedTypeSymbol unit, string name, ThinkingUnitInfo info)
    {
        CancellationToken cancellationToken = context.CancellationToken;
        switch (info.PromptProblem)
        {
            case PromptProblem.Missing:
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MissingPrompt,
                    SyntaxLocations.ClassIdentifier(unit, info.Attribute, cancellationToken),
                    name,
                    "has no prompt: add a 'const string' field marked [Prompt]"));
                return;
            case PromptProblem.Empty:
            case PromptProblem.NotConstant:
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MissingPrompt,
                    InLiteral(info.PromptField!, 0, 0, cancellationToken).Location,
                    name,
                    info.PromptProblem == PromptProblem.Empty
                        ? "has an empty prompt: write the user message, with {{Member}} placeholders"
                        : $"has a prompt '{info.PromptField!.Name}' that is not a 'const string': the prompt is checked and rendered at build time"));
                return;
        }

        IFieldSymbol field = info.PromptField!;
        foreach (PromptToken token in info.Tokens)
        {
            if (token.Kind == PromptTokenKind.Malformed)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MalformedPlaceholder,
                    InLiteral(field, token.Start, token.Length, cancellationToken).Location,
                    token.Value,
                    name,
                    token.Problem));
            }
        }

        foreach (PlaceholderBinding binding in info.Bindings)
        {
            if (binding.IsBound)
            {
                continue;
            }

            (int start, int length) = binding.FailedSpan;
            (Location location, bool exact) = InLiteral(field, start, length, cancellationToken);
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
            if (binding.Suggestion is not null)
            {
                properties = properties.Add(SuggestionProperty, binding.Suggestion).Add(ExactProperty, exact ? "true" : "false");
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.PlaceholderNotAMember,
                location,
                properties,
                binding.Token.Path[binding.FailedAt],
                binding.Token.Value,
                name,
                binding.Owner!.ToDisplayString(),
                binding.Suggestion is null ? string.Empty : $"; did you mean '{binding.Suggestion}'?"));
        }
    }
}
