using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
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
/// FCT0010: adds <c>[Route&lt;Uncovered, Discard&gt;]</c> for each type the routes after a step do not
/// cover, right after the step's last route, in the order the diagnostic names them (a type before its
/// bases, so each added route is reachable). The uncovered types come from the shared
/// <see cref="RouteCoverage"/>, the same as the diagnostic's.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddMissingRoutesCodeFix))]
[Shared]
public sealed class AddMissingRoutesCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.RoutesNotExhaustive);

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
            if (root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>() is not { Parent.Parent: TypeDeclarationSyntax } step)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Route the uncovered types to Discard",
                    cancellationToken => AddRoutesAsync(context.Document, step, cancellationToken),
                    equivalenceKey: nameof(AddMissingRoutesCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Solution> AddRoutesAsync(Document document, AttributeSyntax stepSyntax, CancellationToken cancellationToken)
    {
        Solution solution = document.Project.Solution;
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol((TypeDeclarationSyntax)stepSyntax.Parent!.Parent!, cancellationToken) is not INamedTypeSymbol line)
        {
            return solution;
        }

        KnownSymbols known = KnownSymbols.From(model.Compilation);
        LineStepInfo? step = FindStep(LineSteps.ReadWiring(line, known), stepSyntax);
        if (step?.Output is null || step.Routes.IsEmpty || known.Discard is null
            || step.Routes[step.Routes.Length - 1].Attribute.ApplicationSyntaxReference is not { } lastReference
            || await lastReference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not AttributeSyntax { Parent: AttributeListSyntax list } lastRoute
            || solution.GetDocument(lastRoute.SyntaxTree) is not { } target)
        {
            return solution;
        }

        ImmutableArray<INamedTypeSymbol> uncovered = RouteCoverage.Uncovered(
            step.Output,
            step.Routes,
            RouteCoverage.ConcreteTypes(model.Compilation, cancellationToken),
            model.Compilation);
        if (uncovered.IsEmpty)
        {
            return solution;
        }

        SyntaxGenerator generator = SyntaxGenerator.GetGenerator(target);
        var routes = new List<AttributeSyntax>(uncovered.Length);
        foreach (INamedTypeSymbol type in uncovered)
        {
            TypeArgumentListSyntax arguments = SyntaxFactory.TypeArgumentList(
                SyntaxFactory.SeparatedList(new[] { Type(generator, type), Type(generator, known.Discard) }));
            routes.Add(SyntaxFactory.Attribute(WithTypeArguments(lastRoute.Name, arguments)));
        }

        SyntaxNode root = await lastRoute.SyntaxTree.GetRootAsync(cancellationToken).ConfigureAwait(false);
        SyntaxNode updated = list.Attributes.Count == 1
            ? root.InsertNodesAfter(list, OwnLists(list, routes))
            : root.ReplaceNode(list, InSameList(list, lastRoute, routes));
        return solution.WithDocumentSyntaxRoot(target.Id, updated);
    }

    private static LineStepInfo? FindStep(LineWiring wiring, AttributeSyntax stepSyntax)
    {
        foreach (LineStepInfo step in wiring.Steps)
        {
            if (step.Attribute.ApplicationSyntaxReference is { } reference
                && reference.SyntaxTree == stepSyntax.SyntaxTree
                && reference.Span == stepSyntax.Span)
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>
    /// Each new route in a list of its own, like the route it follows: on its own line with the same
    /// indentation, or on the same line when the route shares its line with other attributes.
    /// </summary>
    private static IEnumerable<AttributeListSyntax> OwnLists(AttributeListSyntax after, List<AttributeSyntax> routes)
    {
        SyntaxTriviaList leading = after.GetLeadingTrivia();
        SyntaxTriviaList trailing = after.GetTrailingTrivia();
        SyntaxTrivia? lineBreak = null;
        foreach (SyntaxTrivia trivia in trailing)
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                lineBreak = trivia;
                break;
            }
        }

        SyntaxTriviaList indentation = lineBreak is not null && leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
        SyntaxTriviaList end = lineBreak is { } eol
            ? SyntaxFactory.TriviaList(eol)
            : SyntaxFactory.TriviaList(SyntaxFactory.Space);

        foreach (AttributeSyntax route in routes)
        {
            yield return SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(route))
                .WithLeadingTrivia(indentation)
                .WithTrailingTrivia(end);
        }
    }

    /// <summary>The new routes inside the last route's list (<c>[Step&lt;A&gt;, Route&lt;B, C&gt;]</c>), right after it.</summary>
    private static AttributeListSyntax InSameList(AttributeListSyntax list, AttributeSyntax lastRoute, List<AttributeSyntax> routes)
    {
        SeparatedSyntaxList<AttributeSyntax> attributes = list.Attributes;
        int index = attributes.IndexOf(lastRoute);
        attributes = attributes.InsertRange(index + 1, routes);
        return list.WithAttributes(attributes).WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>The route's name as the user wrote it (<c>Route</c>, <c>Factory.Route</c>, ...), with new type arguments.</summary>
    private static NameSyntax WithTypeArguments(NameSyntax name, TypeArgumentListSyntax arguments) => name.WithoutTrivia() switch
    {
        GenericNameSyntax generic => generic.WithTypeArgumentList(arguments),
        QualifiedNameSyntax { Right: GenericNameSyntax right } qualified => qualified.WithRight(right.WithTypeArgumentList(arguments)),
        AliasQualifiedNameSyntax { Name: GenericNameSyntax right } alias => alias.WithName(right.WithTypeArgumentList(arguments)),
        _ => SyntaxFactory.QualifiedName(
                SyntaxFactory.AliasQualifiedName(SyntaxFactory.IdentifierName(SyntaxFactory.Token(SyntaxKind.GlobalKeyword)), SyntaxFactory.IdentifierName("Factory")),
                SyntaxFactory.GenericName(SyntaxFactory.Identifier("Route"), arguments))
            .WithAdditionalAnnotations(Simplifier.Annotation),
    };

    private static TypeSyntax Type(SyntaxGenerator generator, ITypeSymbol type) =>
        ((TypeSyntax)generator.TypeExpression(type)).WithAdditionalAnnotations(Simplifier.Annotation);
}
