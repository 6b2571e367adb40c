using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Factory.Testing;

/// <summary>
/// Metadata references taken from this test run's own files, so nothing is downloaded while the tests
/// run: the framework they run on, and the assemblies of given types (Factory.dll and the like). The
/// generator and analyzer test projects both compile their test sources against these; this one file
/// is linked into each.
/// </summary>
internal static class RunReferences
{
    /// <summary>The framework a project on this runtime compiles against, before any package reference.</summary>
    public static ImmutableArray<MetadataReference> Framework()
    {
        // This process's trusted platform assemblies also hold the test's own dependencies (Roslyn,
        // xunit, the kits); a user's project sees only the framework, so keep the assemblies that sit
        // next to System.Private.CoreLib.
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return From(trusted
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal)));
    }

    /// <summary>The assemblies this process loaded <paramref name="types"/> from, each once.</summary>
    public static ImmutableArray<MetadataReference> Of(params Type[] types) =>
        From(types.Select(type => type.Assembly.Location));

    private static ImmutableArray<MetadataReference> From(IEnumerable<string> paths) =>
        paths
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
}
