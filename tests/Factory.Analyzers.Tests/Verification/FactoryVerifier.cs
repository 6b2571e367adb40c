using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace Factory.Analyzers.Tests.Verification;

/// <summary>
/// The tests' entry points to the kits. A source marks what it expects: <c>{|FCT0001:text|}</c> (or a
/// compiler id, <c>{|CS0246:text|}</c>) for a diagnostic at that span, or <c>{|#0:text|}</c> for a location
/// that an expected <see cref="Diagnostic(string)"/> names with <c>.WithLocation(0)</c> and whose message
/// it gives with <c>.WithMessage(...)</c>. Any diagnostic not expected fails the test.
/// </summary>
internal static class FactoryVerifier
{
    /// <inheritdoc cref="TestProject.Diagnostic(string)"/>
    public static DiagnosticResult Diagnostic(string id) => TestProject.Diagnostic(id);

    /// <summary>Runs every analyzer over <paramref name="source"/> and checks what it reports against the markup and <paramref name="expected"/>.</summary>
    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAnalyzerAsync(source, [], expected);

    /// <summary>As above, with further sources compiled alongside (markup there counts too).</summary>
    public static Task VerifyAnalyzerAsync(string source, string[] others, params DiagnosticResult[] expected)
    {
        var test = new FactoryAnalyzerTest();
        test.TestState.Sources.Add(source);
        foreach (string other in others)
        {
            test.TestState.Sources.Add(other);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>
    /// Applies <typeparamref name="TCodeFix"/> to the diagnostics marked in <paramref name="source"/> and
    /// compares the result with <paramref name="fixedSource"/> exactly; <paramref name="others"/> are in the
    /// project before and after, unchanged. What still reports after the fix must be marked in <paramref name="fixedSource"/>.
    /// </summary>
    public static Task VerifyCodeFixAsync<TCodeFix>(string source, string fixedSource, params string[] others)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new FactoryCodeFixTest<TCodeFix>();
        test.TestState.Sources.Add(source);
        test.FixedState.Sources.Add(fixedSource);
        foreach (string other in others)
        {
            test.TestState.Sources.Add(other);
            test.FixedState.Sources.Add(other);
        }

        return test.RunAsync();
    }
}
