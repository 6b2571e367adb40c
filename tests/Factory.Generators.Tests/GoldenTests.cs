using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Factory.Generators.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>
/// The exact source emitted for each case in <see cref="GoldenSources"/> (and <see cref="TestSources"/>),
/// compared by the kit with the files in Golden/&lt;case&gt;/, one per generated file; the generator must
/// report nothing and its output compile without warnings. After an intended change to the emitters,
/// run the tests once with FACTORY_UPDATE_GOLDEN=1: the driver runs each case and rewrites its files in
/// the source tree (and deletes those no longer generated); read the diff, and commit it. Normal runs
/// never rewrite.
/// </summary>
public sealed class GoldenTests
{
    public static TheoryData<string> Cases => new(CaseSources.Keys.Order(StringComparer.Ordinal));

    /// <summary>Each case's user code, and the packages its project references besides Factory.</summary>
    private static readonly Dictionary<string, (string[] Sources, ImmutableArray<MetadataReference> Packages)> CaseSources = new(StringComparer.Ordinal)
    {
        ["TicketTriage"] = ([GoldenSources.TicketTriage], []),
        ["Shapes"] = ([TestSources.Shapes], []),
        ["Nested"] = ([TestSources.Nested, TestSources.AwkwardNames], []),
        ["Routes"] = ([GoldenSources.Routes], []),
        ["Units"] = ([GoldenSources.UnitTypes, GoldenSources.Units], [.. TestProject.ThinkingUnits, .. TestProject.DependencyInjection]),
        ["Neighbours"] = ([GoldenSources.Neighbours], []),
        ["Gates"] = ([GoldenSources.Gates], []),
        ["Inspectors"] = ([GoldenSources.Inspectors], [.. TestProject.DependencyInjection]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Emits_exactly_the_golden_files(string name)
    {
        (string[] sources, ImmutableArray<MetadataReference> packages) = CaseSources[name];
        CSharpCompilation compilation = GeneratorHarness.Compile(packages, sources);
        if (GoldenFiles.Updating)
        {
            GoldenFiles.Write(name, GeneratorHarness.RunClean(compilation).Sources);
            return;
        }

        // The kit finds an exact match in any order; but when a file differs, 1.1.4 pairs the expected and
        // the emitted files in the order given. In the generator's own order, a changed file is reported as
        // the diff of that file rather than as a reshuffled file list.
        ImmutableArray<string> order = GeneratorHarness.Run(compilation).HintNames;
        var test = new FactoryGeneratorTest(packages).ExpectGenerated(GoldenFiles.Read(name).OrderBy(file => order.IndexOf(file.Key)));
        foreach (string source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        try
        {
            await test.RunAsync();
        }
        catch (InvalidOperationException difference)
        {
            throw new InvalidOperationException($"Golden/{name}: {difference.Message}\n{GoldenFiles.UpdateHint}", difference);
        }
    }
}
