using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Factory.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Factory.CodeFixes;

/// <summary>FCT0020: replaces a placeholder's misspelt member name with the closest member of the input.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UsePlaceholderMemberCodeFix))]
[Shared]
public sealed class UsePlaceholderMemberCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PlaceholderNotAMember);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SourceText text = await context.Document.GetTextAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            // Only when the span is exactly the wrong name inside the literal (no escapes in between).
            if (!diagnostic.Properties.TryGetValue(ThinkingUnitAnalyzer.SuggestionProperty, out string? suggestion)
                || suggestion is null
                || !diagnostic.Properties.TryGetValue(ThinkingUnitAnalyzer.ExactProperty, out string? exact)
                || exact != "true")
            {
                continue;
            }

            TextSpan span = diagnostic.Location.SourceSpan;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use '{suggestion}'",
                    _ => Task.FromResult(context.Document.WithText(text.WithChanges(new TextChange(span, suggestion)))),
                    equivalenceKey: nameof(UsePlaceholderMemberCodeFix) + suggestion),
                diagnostic);
        }
    }
}
