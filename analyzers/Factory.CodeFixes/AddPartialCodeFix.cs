using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Factory.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Factory.CodeFixes;

/// <summary>FCT0004: adds <c>partial</c> to the station or line and to every type containing it that lacks it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFix))]
[Shared]
public sealed class AddPartialCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NotPartial);

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

            List<TypeDeclarationSyntax> notPartial = PartialTypeAnalyzer.NotPartial(declaration);
            if (notPartial.Count == 0)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    notPartial.Count == 1 ? "Add 'partial'" : "Add 'partial' to the type and its containing types",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNodes(notPartial, static (_, rewritten) => WithPartial(rewritten)))),
                    equivalenceKey: nameof(AddPartialCodeFix)),
                diagnostic);
        }
    }

    /// <summary>
    /// Adds <c>partial</c> as the last modifier (the language requires it right before the keyword),
    /// keeping the declaration's leading trivia (attributes' line break, indentation, comments) in place.
    /// </summary>
    private static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax declaration)
    {
        SyntaxToken partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (declaration.Modifiers.Count > 0)
        {
            return declaration.WithModifiers(declaration.Modifiers.Add(partial));
        }

        SyntaxToken keyword = declaration.Keyword;
        return declaration
            .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
            .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
    }
}
