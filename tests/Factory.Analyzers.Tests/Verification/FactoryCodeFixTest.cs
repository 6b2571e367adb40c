using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Factory.Analyzers.Tests.Verification;

/// <summary>
/// The kit's code-fix test over <see cref="TestProject"/>: every Factory analyzer runs before and after
/// the fix, and <typeparamref name="TCodeFix"/> must offer exactly one action for a diagnostic.
/// </summary>
internal sealed class FactoryCodeFixTest<TCodeFix> : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    public FactoryCodeFixTest() => TestProject.Configure(this);

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => TestProject.Analyzers;

    protected override CompilationOptions CreateCompilationOptions() => TestProject.WithNullable(base.CreateCompilationOptions());

    protected override ParseOptions CreateParseOptions() => TestProject.ParseOptions;

    protected override CodeFixContext CreateCodeFixContext(
        Document document,
        TextSpan span,
        ImmutableArray<Diagnostic> diagnostics,
        Action<CodeAction, ImmutableArray<Diagnostic>> registerCodeFix,
        CancellationToken cancellationToken)
    {
        // A second action for the same diagnostic would leave the user to guess; the kit applies the first.
        int offered = 0;
        return base.CreateCodeFixContext(
            document,
            span,
            diagnostics,
            (action, fixes) =>
            {
                offered++;
                Verify.Equal(1, offered, $"{typeof(TCodeFix).Name} offers more than one action for {diagnostics[0].Id}; the second is '{action.Title}'");
                registerCodeFix(action, fixes);
            },
            cancellationToken);
    }
}
