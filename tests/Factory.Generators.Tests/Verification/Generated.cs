using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Factory.Generators.Tests.Verification;

/// <summary>What one generator run gave.</summary>
internal sealed record Generated(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> DriverDiagnostics)
{
    /// <summary>The hint names, in the order the generator added the sources.</summary>
    public ImmutableArray<string> HintNames =>
        Result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName).ToImmutableArray();

    /// <summary>Generated source by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>Emits the output compilation and loads it into a fresh collectible context.</summary>
    public LoadedAssembly Load()
    {
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = Output.Emit(image);
        GeneratorHarness.AssertNoProblems("emit", emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.True(emitted.Success);
        image.Position = 0;
        return new LoadedAssembly(image);
    }
}
