using System.Threading.Tasks;
using Xunit;
using static Factory.Analyzers.Tests.Verification.FactoryVerifier;

namespace Factory.Analyzers.Tests;

/// <summary>FCT0001, FCT0006 and FCT0007: how a line is wired.</summary>
public sealed class LineAnalyzerTests
{
    /// <summary>Valid stations in a second file: string -> int, string -> string, int -> Task&lt;int&gt;, int -> IEnumerable&lt;string&gt;.</summary>
    private static readonly string[] Stations =
    [
        """
        using System.Collections.Generic;
        using System.Globalization;
        using System.Threading.Tasks;
        using Factory;

        [Station] public sealed partial class Measure { public int Process(string input) => input.Length; }
        [Station] public sealed partial class Shout { public string Process(string input) => input.ToUpperInvariant(); }
        [Station] public sealed partial class Twice { public Task<int> ProcessAsync(int input) => Task.FromResult(input * 2); }
        [Station] public sealed partial class Describe
        {
            public IEnumerable<string> Process(int input)
            {
                yield return input.ToString(CultureInfo.InvariantCulture);
            }
        }
        """,
    ];

    [Fact]
    public Task FCT0001_fires_on_the_step_whose_input_is_not_the_previous_output() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Measure>]
        [{|#0:Step<Shout>|}]
        public sealed partial class Pipeline;
        """,
        Stations,
        Diagnostic("FCT0001").WithLocation(0).WithMessage("Step 'Shout' of line 'Pipeline' takes 'string', but the previous step 'Measure' gives 'int'"));

    [Fact]
    public Task FCT0001_is_silent_when_each_step_takes_the_previous_output() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        [Step<Measure>]
        [Step<Twice>]
        [Step<Describe>]
        public sealed partial class Pipeline;
        """,
        Stations);

    [Fact]
    public Task FCT0001_reports_every_mismatch_in_a_line() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Measure>]
        [{|#0:Step<Measure>|}]
        [Step<Twice>]
        [{|#1:Step<Shout>|}]
        public sealed partial class Pipeline;
        """,
        Stations,
        Diagnostic("FCT0001").WithLocation(0).WithMessage("Step 'Measure' of line 'Pipeline' takes 'string', but the previous step 'Measure' gives 'int'"),
        Diagnostic("FCT0001").WithLocation(1).WithMessage("Step 'Shout' of line 'Pipeline' takes 'string', but the previous step 'Twice' gives 'int'"));

    [Fact]
    public Task FCT0001_uses_a_nested_line_s_first_input_and_last_output() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        [Step<Measure>]
        public sealed partial class Inner;

        [Line]
        [Step<Inner>]
        [{|#0:Step<Shout>|}]
        public sealed partial class After;

        [Line]
        [Step<Measure>]
        [{|#1:Step<Inner>|}]
        public sealed partial class Before;
        """,
        Stations,
        Diagnostic("FCT0001").WithLocation(0).WithMessage("Step 'Shout' of line 'After' takes 'string', but the previous step 'Inner' gives 'int'"),
        Diagnostic("FCT0001").WithLocation(1).WithMessage("Step 'Inner' of line 'Before' takes 'string', but the previous step 'Measure' gives 'int'"));

    [Fact]
    public Task FCT0001_is_silent_when_a_nested_line_fits() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        [Step<Measure>]
        public sealed partial class Inner;

        [Line]
        [Step<Shout>]
        [Step<Inner>]
        [Step<Twice>]
        public sealed partial class Outer;
        """,
        Stations);

    [Fact]
    public Task FCT0001_is_reported_inside_a_broken_nested_line_and_not_again_where_it_is_used() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Measure>]
        [{|#0:Step<Shout>|}]
        public sealed partial class Inner;

        [Line]
        [Step<Inner>]
        [Step<Twice>]
        public sealed partial class Outer;

        [Line]
        [Step<Measure>]
        [Step<Inner>]
        public sealed partial class Before;
        """,
        Stations,
        Diagnostic("FCT0001").WithLocation(0).WithMessage("Step 'Shout' of line 'Inner' takes 'string', but the previous step 'Measure' gives 'int'"));

    [Fact]
    public Task FCT0001_is_silent_next_to_a_station_without_a_work_method() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Station]
        public sealed partial class {|#0:Unfinished|};

        [Line]
        [Step<Measure>]
        [Step<Unfinished>]
        [Step<Shout>]
        public sealed partial class Pipeline;
        """,
        Stations,
        Diagnostic("FCT0002").WithLocation(0).WithMessage("Station 'Unfinished' has no Process or ProcessAsync method"));

    [Fact]
    public Task FCT0001_names_types_and_steps_with_their_namespaces() => VerifyAnalyzerAsync(
        """
        using Factory;

        namespace Shop.Orders
        {
            public sealed record Order(string Id);
            public sealed record Invoice(string OrderId);

            [Station] public sealed partial class Receive { public Order Process(string input) => new(input); }
            [Station] public sealed partial class Bill { public Invoice Process(Invoice input) => input; }

            [Line]
            [Step<Receive>]
            [{|#0:Step<Bill>|}]
            public sealed partial class Checkout;
        }
        """,
        [],
        Diagnostic("FCT0001").WithLocation(0).WithMessage("Step 'Shop.Orders.Bill' of line 'Shop.Orders.Checkout' takes 'Shop.Orders.Invoice', but the previous step 'Shop.Orders.Receive' gives 'Shop.Orders.Order'"));

    [Fact]
    public Task FCT0006_fires_on_a_line_without_steps() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        public sealed partial class {|#0:Empty|};
        """,
        Diagnostic("FCT0006").WithLocation(0).WithMessage("Line 'Empty' has no steps; add [Step<T>] attributes in the order the steps run"));

    [Fact]
    public Task FCT0006_is_silent_on_a_line_with_one_step() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        public sealed partial class OneStep;
        """,
        Stations);

    [Fact]
    public Task FCT0006_is_reported_on_the_declaration_that_carries_Line() => VerifyAnalyzerAsync(
        """
        using Factory;

        public sealed partial class Split;

        [Line]
        public sealed partial class {|#0:Split|};
        """,
        Diagnostic("FCT0006").WithLocation(0).WithMessage("Line 'Split' has no steps; add [Step<T>] attributes in the order the steps run"));

    [Fact]
    public Task FCT0007_fires_on_a_step_that_is_neither_a_station_nor_a_line() => VerifyAnalyzerAsync(
        """
        using Factory;

        public sealed class Helper;

        [Line]
        [Step<Shout>]
        [{|#0:Step<int>|}]
        [{|#1:Step<Helper>|}]
        public sealed partial class Pipeline;
        """,
        Stations,
        Diagnostic("FCT0007").WithLocation(0).WithMessage("Step 'int' of line 'Pipeline' is neither a station nor a line"),
        Diagnostic("FCT0007").WithLocation(1).WithMessage("Step 'Helper' of line 'Pipeline' is neither a station nor a line"));

    [Fact]
    public Task FCT0007_is_silent_when_every_step_is_a_station_or_a_line() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        public sealed partial class Inner;

        [Line]
        [Step<Inner>]
        [Step<Measure>]
        public sealed partial class Pipeline;
        """,
        Stations);

    [Fact]
    public Task FCT0007_leaves_a_missing_type_to_the_compiler() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        [Step<{|CS0246:DoesNotExist|}>]
        public sealed partial class Pipeline;
        """,
        Stations);
}
