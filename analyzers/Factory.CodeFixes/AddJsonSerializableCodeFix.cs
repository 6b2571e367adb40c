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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Factory.CodeFixes;

/// <summary>
/// FCT0021, FCT0026 and FCT0029: adds <c>[JsonSerializable(typeof(T))]</c> (a thinking unit's output, a gate's payload, a distributed line's material) to a
/// JsonSerializerContext of the project, after its other attributes; one action per context, or only for the context the diagnostic names (FCT0029's <c>[Distributed&lt;TContext&gt;]</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddJsonSerializableCodeFix))]
[Shared]
public sealed class AddJsonSerializableCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.OutputWithoutJsonTypeInfo, DiagnosticIds.GatePayloadWithoutJsonTypeInfo, DiagnosticIds.DistributedMaterialNotListed);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Compilation? compilation = await context.Document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return;
        }

        KnownSymbols known = KnownSymbols.From(compilation);
        ImmutableArray<INamedTypeSymbol> contexts = JsonContexts.All(compilation, known);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ThinkingUnitAnalyzer.OutputTypeProperty, out string? output) || output is null)
            {
                continue;
            }

            string? named = diagnostic.Properties.GetValueOrDefault(DistributedAnalyzer.ContextProperty);
            foreach (INamedTypeSymbol jsonContext in contexts)
            {
                if (named is not null && named != jsonContext.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                {
                    continue;
                }

                SyntaxReference? declaration = jsonContext.DeclaringSyntaxReferences.FirstOrDefault();
                Document? target = declaration is null ? null : context.Document.Project.GetDocument(declaration.SyntaxTree);
                if (declaration is null || target is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Add [JsonSerializable(typeof({diagnostic.Properties.GetValueOrDefault(ThinkingUnitAnalyzer.OutputNameProperty) ?? output}))] to {jsonContext.Name}",
                        cancellationToken => AddAsync(target, declaration, output, cancellationToken),
                        equivalenceKey: nameof(AddJsonSerializableCodeFix) + jsonContext.ToDisplayString()),
                    diagnostic);
            }
        }
    }

    private static async Task<Solution> AddAsync(Document document, SyntaxReference reference, string outputType, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var declaration = (TypeDeclarationSyntax)await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
        AttributeListSyntax attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(
                    SyntaxFactory.ParseName("global::System.Text.Json.Serialization.JsonSerializable"),
                    SyntaxFactory.ParseAttributeArgumentList($"(typeof({outputType}))"))))
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        TypeDeclarationSyntax updated = declaration.AttributeLists.Count == 0
            ? declaration.WithAttributeLists(SyntaxFactory.SingletonList(attribute.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)))
            : declaration.WithAttributeLists(declaration.AttributeLists.Add(attribute
                .WithLeadingTrivia(Indentation(declaration.AttributeLists.Last().GetLeadingTrivia()))
                .WithTrailingTrivia(declaration.AttributeLists.Last().GetTrailingTrivia())));
        return document.WithSyntaxRoot(root.ReplaceNode(declaration, updated)).Project.Solution;
    }

    /// <summary>The whitespace after the last line break of <paramref name="trivia"/>: the line's indentation, without blank lines or comments.</summary>
    private static SyntaxTriviaList Indentation(SyntaxTriviaList trivia)
    {
        int start = 0;
        for (int i = 0; i < trivia.Count; i++)
        {
            if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                start = i + 1;
            }
        }

        return SyntaxFactory.TriviaList(trivia.Skip(start).Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)));
    }
}
