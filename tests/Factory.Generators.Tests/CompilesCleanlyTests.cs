using Factory.Generators.Tests.Verification;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>Type names and nullability the generated code must spell right: it compiles without errors or warnings.</summary>
public sealed class CompilesCleanlyTests
{
    [Theory]
    [InlineData("tuples, arrays and generic types", """
        using System.Collections.Generic;
        using Factory;

        [Station]
        public sealed partial class Pairs
        {
            public List<(int Id, string Name)> Process(int[] input) => new();
        }

        [Station]
        public sealed partial class Count
        {
            public int Process(List<(int Id, string Name)> input) => input.Count;
        }

        [Line]
        [Step<Pairs>]
        [Step<Count>]
        public sealed partial class GlobalLine;
        """)]
    [InlineData("same simple name in two namespaces, a quoted line name", """
        using Factory;

        namespace One { [Station] public sealed partial class Show { public string Process(int input) => "1"; } }
        namespace Two { [Station] public sealed partial class Show { public int Process(string input) => 2; } }

        [Line(Name = "a \"quoted\" line\\")]
        [Step<One.Show>]
        [Step<Two.Show>]
        public sealed partial class Twins;
        """)]
    [InlineData("nullable disabled in user code", """
        #nullable disable
        using Factory;

        [Station]
        public sealed partial class Echo
        {
            public string Process(string input) => input;
        }

        [Line]
        [Step<Echo>]
        public sealed partial class Oblivious;
        """)]
    [InlineData("keywords as names: namespace parts, a station, a line, a sensitive member", """
        using Factory;

        namespace @event.@class;

        public sealed record Card(int Id, [property: Sensitive] string @fixed);

        [Station]
        public sealed partial class @checked
        {
            public int Process(Card input) => input.Id;
        }

        [Line]
        [Step<@checked>]
        public sealed partial class @operator;
        """)]
    [InlineData("nullable value types", """
        using Factory;

        [Station]
        public sealed partial class Maybe
        {
            public int? Process(int? input) => input;
        }

        [Station]
        public sealed partial class Surely
        {
            public int Process(int? input) => input ?? 0;
        }

        [Line]
        [Step<Maybe>]
        [Step<Surely>]
        public sealed partial class Values;
        """)]
    public void Compiles_cleanly(string name, string source)
    {
        Generated generated = GeneratorHarness.RunClean(source);
        Assert.True(generated.Sources.Count >= 2, name);
    }
}
