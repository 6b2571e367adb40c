using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Factory.Analyzers.Tests.Verification;

/// <summary>
/// The kit's analyzer test over <see cref="TestProject"/>: every Factory analyzer runs (a test of one rule
/// also shows the others stay silent), and the sources must compile unless the markup names the
/// compiler's error.
/// </summary>
internal sealed class FactoryAnalyzerTest : CSharpAnalyzerTest<EmptyDiagnosticAnalyzer, DefaultVerifier>
{
    public FactoryAnalyzerTest() => TestProject.Configure(this);

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => TestProject.Analyzers;

    protected override CompilationOptions CreateCompilationOptions() => TestProject.WithNullable(base.CreateCompilationOptions());

    protected override ParseOptions CreateParseOptions() => TestProject.ParseOptions;
}
