using System.Collections.Generic;
using System.Collections.Immutable;
using Factory.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Factory.Analyzers;

/// <summary>
/// FCT0004: the generator adds to stations and lines in a second part of the class, so the class
/// and every type containing it must be <c>partial</c>. Reported on the class identifier of each
/// declaration that is not, naming the types that lack the modifier.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PartialTypeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotPartial);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            KnownSymbols known = KnownSymbols.From(start.Compilation);
            if (!known.IsFactoryReferenced)
            {
                return;
            }

            start.RegisterSymbolAction(symbol => Analyze(symbol, known), SymbolKind.NamedType);
        });
    }

    /// <summary>The declaration and the declarations containing it that are not partial, outermost first.</summary>
    internal static List<TypeDeclarationSyntax> NotPartial(TypeDeclarationSyntax declaration)
    {
        var found = new List<TypeDeclarationSyntax>();
        for (SyntaxNode? node = declaration; node is TypeDeclarationSyntax type; node = type.Parent)
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                found.Insert(0, type);
            }
        }

        return found;
    }

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        string? kind = known.IsStation(type) ? "Station" : known.IsLine(type) ? "Line" : null;
        if (kind is null)
        {
            return;
        }

        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            List<TypeDeclarationSyntax> notPartial = NotPartial(declaration);
            if (notPartial.Count == 0)
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.NotPartial,
                declaration.Identifier.GetLocation(),
                kind,
                type.ToDisplayString(),
                Names(notPartial)));
        }
    }

    private static string Names(List<TypeDeclarationSyntax> declarations)
    {
        var names = new List<string>(declarations.Count);
        foreach (TypeDeclarationSyntax declaration in declarations)
        {
            names.Add(declaration.Identifier.ValueText);
        }

        return Wording.QuotedList(names);
    }
}
