using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Analyzers;
using Factory.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Factory.CodeFixes;

/// <summary>
/// FCT0002: adds <c>public TOut Process(TIn input) =&gt; throw new System.NotImplementedException();</c>
/// to a station that has no work method. <c>TIn</c> is what the step before the station gives in a
/// line that uses it, else <c>object</c>; <c>TOut</c> is <c>object</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddWorkMethodCodeFix))]
[Shared]
public sealed class AddWorkMethodCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MissingWorkMethod);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Add a Process method",
                    cancellationToken => AddProcessAsync(context.Document, root, declaration, cancellationToken),
                    equivalenceKey: nameof(AddWorkMethodCodeFix)),
                diagnostic);
        }
    }

    /// <summary>
    /// What the station is given in a line that uses it: the output of the step before it, from the
    /// first line (by name) where that is known; null when no line says.
    /// </summary>
    internal static ITypeSymbol? InputFromLines(Compilation compilation, INamedTypeSymbol station, CancellationToken cancellationToken)
    {
        KnownSymbols known = KnownSymbols.From(compilation);
        if (!known.IsFactoryReferenced)
        {
            return null;
        }

        var lines = compilation.GetSymbolsWithName(static _ => true, SymbolFilter.Type, cancellationToken)
            .OfType<INamedTypeSymbol>()
            .Where(known.IsLine)
            .OrderBy(line => line.ToDisplayString(), StringComparer.Ordinal);

        foreach (INamedTypeSymbol line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ImmutableArray<LineStepInfo> steps = LineSteps.Read(line, known);
            for (int i = 1; i < steps.Length; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(steps[i].Type, station) && steps[i - 1].Output is { } previous)
                {
                    return previous;
                }
            }
        }

        return null;
    }

    private static async Task<Document> AddProcessAsync(Document document, SyntaxNode root, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol station)
        {
            return document;
        }

        ITypeSymbol objectType = model.Compilation.GetSpecialType(SpecialType.System_Object);
        ITypeSymbol input = InputFromLines(model.Compilation, station, cancellationToken) ?? objectType;
        SyntaxGenerator generator = SyntaxGenerator.GetGenerator(document);

        MethodDeclarationSyntax process = SyntaxFactory.MethodDeclaration(Type(generator, objectType), WorkMethod.SyncName)
            .AddModifiers(SyntaxFactory.Token(SyntaxKind.PublicKeyword))
            .AddParameterListParameters(SyntaxFactory.Parameter(SyntaxFactory.Identifier("input")).WithType(Type(generator, input)))
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(NotImplemented()))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
            .WithAdditionalAnnotations(Formatter.Annotation);

        TypeDeclarationSyntax updated = WithBody(declaration).AddMembers(process);
        return document.WithSyntaxRoot(root.ReplaceNode(declaration, updated));
    }

    private static TypeSyntax Type(SyntaxGenerator generator, ITypeSymbol type) =>
        ((TypeSyntax)generator.TypeExpression(type)).WithAdditionalAnnotations(Simplifier.Annotation);

    private static ThrowExpressionSyntax NotImplemented() =>
        SyntaxFactory.ThrowExpression(
            SyntaxFactory.ObjectCreationExpression(
                    SyntaxFactory.ParseTypeName("global::System.NotImplementedException").WithAdditionalAnnotations(Simplifier.Annotation))
                .WithArgumentList(SyntaxFactory.ArgumentList()));

    /// <summary>A declaration with a semicolon for a body (<c>class Redact;</c>) gets braces to hold the method.</summary>
    private static TypeDeclarationSyntax WithBody(TypeDeclarationSyntax declaration)
    {
        if (!declaration.OpenBraceToken.IsKind(SyntaxKind.None))
        {
            return declaration;
        }

        SyntaxToken semicolon = declaration.SemicolonToken;
        return declaration
            .WithSemicolonToken(default)
            .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken))
            .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(semicolon.TrailingTrivia))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
