using System.Linq;
using Factory.Generators.Tests.Verification;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>
/// A project may reference the generator's own assembly as well as run it (the benchmarks do, to time
/// it). That assembly compiles Factory's attributes in as internal types, so their metadata names are
/// defined twice; the generator must still find Factory's public attributes and generate the line.
/// </summary>
public sealed class GeneratorAssemblyReferenceTests
{
    [Fact]
    public void A_project_that_also_references_the_generator_assembly_gets_its_line_generated()
    {
        MetadataReference generatorAssembly = MetadataReference.CreateFromFile(typeof(FactoryGenerator).Assembly.Location);
        var input = GeneratorHarness.Compile(
            [generatorAssembly],
            """
            using Factory;

            [Station]
            public sealed partial class Double
            {
                public int Process(int input) => input * 2;
            }

            [Line]
            [Step<Double>]
            public sealed partial class Doubling;
            """);

        Generated generated = GeneratorHarness.RunClean(input);

        string[] files = generated.Result.GeneratedTrees.Select(tree => System.IO.Path.GetFileName(tree.FilePath)).ToArray();
        Assert.Contains(files, file => file.Contains("Doubling", System.StringComparison.Ordinal));
        Assert.Contains(files, file => file.Contains("Double.Station", System.StringComparison.Ordinal));
    }
}
