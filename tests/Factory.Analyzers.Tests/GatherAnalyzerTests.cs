using System.Threading.Tasks;
using Xunit;
using static Factory.Analyzers.Tests.Verification.FactoryVerifier;

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
    public Task FCT0018_fires_on_a_gather_with_no_split_before_it() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        [{|#0:Step<JoinWords>|}]
        public sealed partial class Pipeline;

        [Line]
        [{|#1:Step<JoinWords>|}]
        [Step<SplitWords>]
        public sealed partial class GatherFirst;
        """,
        Stations,
        Diagnostic("FCT0018").WithLocation(0).WithMessage("Step 'JoinWords' of line 'Pipeline' takes 'Factory.Gathered<string>', but no step before it in the line splits one material into many"),
        Diagnostic("FCT0018").WithLocation(1).WithMessage("Step 'JoinWords' of line 'GatherFirst' takes 'Factory.Gathered<string>', but no step before it in the line splits one material into many"));

    [Fact]
    public Task FCT0018_is_silent_after_a_split_station_or_a_line_containing_one() => VerifyAnalyzerAsync(
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
        Stations);

    [Fact]
    public Task FCT0018_looks_only_inside_the_line_that_gathers() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [{|#0:Step<JoinWords>|}]
        public sealed partial class Gather;

        [Line]
        [Step<SplitWords>]
        [Step<Gather>]
        public sealed partial class Outer;
        """,
        Stations,
        Diagnostic("FCT0018").WithLocation(0).WithMessage("Step 'JoinWords' of line 'Gather' takes 'Factory.Gathered<string>', but no step before it in the line splits one material into many"));

    [Fact]
    public Task FCT0001_fires_on_a_gather_whose_item_type_is_not_what_flows_to_it() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<SplitWords>]
        [Step<Measure>]
        [{|#0:Step<JoinWords>|}]
        public sealed partial class Pipeline;
        """,
        Stations,
        Diagnostic("FCT0001").WithLocation(0).WithMessage("Step 'JoinWords' of line 'Pipeline' takes 'Factory.Gathered<string>', but the previous step 'Measure' gives 'int'"));
}
