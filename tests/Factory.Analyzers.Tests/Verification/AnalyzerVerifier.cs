using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Factory.Analyzers.Tests.Verification;

/// <summary>A diagnostic a test expects at the next marked span: its id and its exact message.</summary>
internal sealed record Expected(string Id, string Message);

/// <summary>
/// Runs every analyzer in Factory.Analyzers over test source and checks what they report against the
/// spans marked in the source (<c>[|...|]</c> or <c>{|FCT0001:...|}</c>): one expected diagnostic per
/// span, in source order, each with the same id, exact span and exact message.
/// </summary>
internal static class AnalyzerVerifier
{
    /// <summary>Every analyzer the assembly ships, as a user's build would load them.</summary>
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(StationAnalyzer).Assembly
        .GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
        .ToImmutableArray();

    /// <summary>
    /// Checks <paramref name="markup"/> (the first source) against <paramref name="expected"/>; further
    /// sources in <paramref name="others"/> are compiled alongside and must report nothing.
    /// The sources must compile without errors, so a test cannot pass by accident on broken code.
    /// </summary>
    public static Task VerifyAsync(string markup, params Expected[] expected) =>
        VerifyAsync(markup, Array.Empty<string>(), allowCompilerErrors: false, expected);

    public static async Task VerifyAsync(string markup, string[] others, bool allowCompilerErrors, params Expected[] expected)
    {
        Markup parsed = Markup.Parse(markup);
        Assert.True(
            parsed.Spans.Count == expected.Length,
            $"The markup marks {parsed.Spans.Count} span(s) but the test expects {expected.Length} diagnostic(s).");

        Compilation compilation = TestCompilation.Create(new[] { parsed.Source }.Concat(others).ToArray());
        if (!allowCompilerErrors)
        {
            AssertNoCompilerErrors(compilation);
        }

        ImmutableArray<Diagnostic> actual = await RunAsync(compilation);
        string report = Describe(actual);
        Assert.True(actual.Length == expected.Length, $"Expected {expected.Length} diagnostic(s), got {actual.Length}:\n{report}");

        for (int i = 0; i < expected.Length; i++)
        {
            Diagnostic diagnostic = actual[i];
            MarkedSpan span = parsed.Spans[i];
            if (span.Id is not null)
            {
                Assert.True(span.Id == expected[i].Id, $"Span {i} is marked {span.Id} but the test expects {expected[i].Id}.");
            }

            Assert.True(diagnostic.Id == expected[i].Id, $"Diagnostic {i}: expected {expected[i].Id}, got:\n{report}");
            Assert.True(
                diagnostic.Location.SourceTree?.FilePath == TestCompilation.FileName(0) && diagnostic.Location.SourceSpan == span.Span,
                $"Diagnostic {i} ({diagnostic.Id}): expected at {span.Span} '{parsed.Source.Substring(span.Span.Start, span.Span.Length)}', got:\n{report}");
            Assert.Equal(expected[i].Message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        }
    }

    /// <summary>Runs all analyzers; fails the test if any of them throws.</summary>
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(Compilation compilation, CancellationToken cancellationToken = default)
    {
        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(Analyzers, options)
            .GetAnalyzerDiagnosticsAsync(cancellationToken);
        Assert.True(exceptions.IsEmpty, "An analyzer threw:\n" + string.Join("\n", exceptions));
        return diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Location.SourceSpan.End)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    public static void AssertNoCompilerErrors(Compilation compilation)
    {
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The test source does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        string[] lines = diagnostics
            .Select(d => $"  {d.Id} at {d.Location.SourceTree?.FilePath}{d.Location.SourceSpan} '{d.Location.SourceTree?.GetText().ToString(d.Location.SourceSpan)}': {d.GetMessage(CultureInfo.InvariantCulture)}")
            .ToArray();
        return lines.Length == 0 ? "  (none)" : string.Join("\n", lines);
    }
}
