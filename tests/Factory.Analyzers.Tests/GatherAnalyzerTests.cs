using System.Threading.Tasks;
using Factory.Analyzers.Tests.Verification;
using Xunit;
using static Factory.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Factory.Analyzers.Tests;

/// <summary>FCT0018, and FCT0001 for a step that takes <c>Gathered&lt;T&gt;</c>.</summary>
public sealed class GatherAnalyzerTests
{
    /// <summary>
    /// A second file: a split (string -> many string), stations over strings, a gather
    /// (Gathered&lt;string&gt; -> string) and SplitLine, a line that contains the split.
    /// </summary>
    private static readonly string[] Stations =
    [
        """
        using System.Collections.Generic;
        using Factory;

        [Station] public sealed partial class SplitWords { public IEnumerable<string> Process(string input) => input.Split(' '); }
        [Station] public sealed partial class Shout { public string Process(string input) => input.ToUpperInvariant(); }
        [Station] public sealed partial class Measure { public int Process(string input) => input.Length; }
        [Station] public sealed partial class JoinWords { public string Process(Gathered<string> input) => string.Join(" ", input.Items); }

        [Line]
        [Step<SplitWords>]
        [Step<Shout>]
        public sealed partial class SplitLine;
        """,
    ];

    [Fact]
    public Task FCT0018_fires_on_a_gather_with_no_split_before_it() => VerifyAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        [{|FCT0018:Step<JoinWords>|}]
        public sealed partial class Pipeline;

        [Line]
        [{|FCT0018:Step<JoinWords>|}]
        [Step<SplitWords>]
        public sealed partial class GatherFirst;
        """,
        Stations,
        allowCompilerErrors: false,
        new Expected("FCT0018", "Step 'JoinWords' of line 'Pipeline' takes 'Factory.Gathered<string>', but no step before it in the line splits one material into many"),
        new Expected("FCT0018", "Step 'JoinWords' of line 'GatherFirst' takes 'Factory.Gathered<string>', but no step before it in the line splits one material into many"));

    [Fact]
    public Task FCT0018_is_silent_after_a_split_station_or_a_line_containing_one() => VerifyAsync(
        """
        using Factory;

        [Line]
        [Step<SplitWords>]
        [Step<Shout>]
        [Step<JoinWords>]
        public sealed partial class Pipeline;

        [Line]
        [Step<SplitLine>]
        [Step<JoinWords>]
        public sealed partial class Nested;
        """,
        Stations,
        allowCompilerErrors: false);

    [Fact]
    public Task FCT0018_looks_only_inside_the_line_that_gathers() => VerifyAsync(
        """
        using Factory;

        [Line]
        [{|FCT0018:Step<JoinWords>|}]
        public sealed partial class Gather;

        [Line]
        [Step<SplitWords>]
        [Step<Gather>]
        public sealed partial class Outer;
        """,
        Stations,
        allowCompilerErrors: false,
        new Expected("FCT0018", "Step 'JoinWords' of line 'Gather' takes 'Factory.Gathered<string>', but no step before it in the line splits one material into many"));

    [Fact]
    public Task FCT0001_fires_on_a_gather_whose_item_type_is_not_what_flows_to_it() => VerifyAsync(
        """
        using Factory;

        [Line]
        [Step<SplitWords>]
        [Step<Measure>]
        [{|FCT0001:Step<JoinWords>|}]
        public sealed partial class Pipeline;
        """,
        Stations,
        allowCompilerErrors: false,
        new Expected("FCT0001", "Step 'JoinWords' of line 'Pipeline' takes 'Factory.Gathered<string>', but the previous step 'Measure' gives 'int'"));
}
