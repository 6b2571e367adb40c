using System.Threading.Tasks;
using Factory.Analyzers.Tests.Verification;
using Xunit;
using static Factory.Analyzers.Tests.Verification.AnalyzerVerifier;

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
    public Task FCT0001_fires_on_the_step_whose_input_is_not_the_previous_output() => VerifyAsync(
        """
        using Factory;

        [Line]
        [Step<Measure>]
        [{|FCT0001:Step<Shout>|}]
        public sealed partial class Pipeline;
        """,
        Stations,
        allowCompilerErrors: false,
        new Expected("FCT0001", "Step 'Shout' of line 'Pipeline' takes 'string', but the previous step 'Measure' gives 'int'"));

    [Fact]
    public Task FCT0001_is_silent_when_each_step_takes_the_previous_output() => VerifyAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        [Step<Measure>]
        [Step<Twice>]
        [Step<Describe>]
        public sealed partial class Pipeline;
        """,
        Stations,
        allowCompilerErrors: false);

    [Fact]
    public Task FCT0001_reports_every_mismatch_in_a_line() => VerifyAsync(
        """
        using Factory;

        [Line]
        [Step<Measure>]
        [{|FCT0001:Step<Measure>|}]
        [Step<Twice>]
        [{|FCT0001:Step<Shout>|}]
        public sealed partial class Pipeline;
        """,
        Stations,
        allowCompilerErrors: false,
        new Expected("FCT0001", "Step 'Measure' of line 'Pipeline' takes 'string', but the previous step 'Measure' gives 'int'"),
        new Expected("FCT0001", "Step 'Shout' of line 'Pipeline' takes 'string', but the previous step 'Twice' gives 'int'"));

    [Fact]
    public Task FCT0001_uses_a_nested_line_s_first_input_and_last_output() => VerifyAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        [Step<Measure>]
        public sealed partial class Inner;

        [Line]
        [Step<Inner>]
        [{|FCT0001:Step<Shout>|}]
        public sealed partial class After;

        [Line]
        [Step<Measure>]
        [{|FCT0001:Step<Inner>|}]
        public sealed partial class Before;
        """,
        Stations,
        allowCompilerErrors: false,
        new Expected("FCT0001", "Step 'Shout' of line 'After' takes 'string', but the previous step 'Inner' gives 'int'"),
        new Expected("FCT0001", "Step 'Inner' of line 'Before' takes 'string', but the previous step 'Measure' gives 'int'"));

    [Fact]
    public Task FCT0001_is_silent_when_a_nested_line_fits() => VerifyAsync(
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
        Stations,
        allowCompilerErrors: false);

    [Fact]
    public Task FCT0001_is_reported_inside_a_broken_nested_line_and_not_again_where_it_is_used() => VerifyAsync(
        """
        using Factory;

        [Line]
        [Step<Measure>]
        [{|FCT0001:Step<Shout>|}]
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
        allowCompilerErrors: false,
        new Expected("FCT0001", "Step 'Shout' of line 'Inner' takes 'string', but the previous step 'Measure' gives 'int'"));

    [Fact]
    public Task FCT0001_is_silent_next_to_a_station_without_a_work_method() => VerifyAsync(
        """
        using Factory;

        [Station]
        public sealed partial class {|FCT0002:Unfinished|};

        [Line]
        [Step<Measure>]
        [Step<Unfinished>]
        [Step<Shout>]
        public sealed partial class Pipeline;
        """,
        Stations,
        allowCompilerErrors: false,
        new Expected("FCT0002", "Station 'Unfinished' has no Process or ProcessAsync method"));

    [Fact]
    public Task FCT0001_names_types_and_steps_with_their_namespaces() => VerifyAsync(
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
            [{|FCT0001:Step<Bill>|}]
            public sealed partial class Checkout;
        }
        """,
        [],
        allowCompilerErrors: false,
        new Expected("FCT0001", "Step 'Shop.Orders.Bill' of line 'Shop.Orders.Checkout' takes 'Shop.Orders.Invoice', but the previous step 'Shop.Orders.Receive' gives 'Shop.Orders.Order'"));

    [Fact]
    public Task FCT0006_fires_on_a_line_without_steps() => VerifyAsync(
        """
        using Factory;

        [Line]
        public sealed partial class {|FCT0006:Empty|};
        """,
        new Expected("FCT0006", "Line 'Empty' has no steps; add [Step<T>] attributes in the order the steps run"));

    [Fact]
    public Task FCT0006_is_silent_on_a_line_with_one_step() => VerifyAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        public sealed partial class OneStep;
        """,
        Stations,
        allowCompilerErrors: false);

    [Fact]
    public Task FCT0006_is_reported_on_the_declaration_that_carries_Line() => VerifyAsync(
        """
        using Factory;

        public sealed partial class Split;

        [Line]
        public sealed partial class {|FCT0006:Split|};
        """,
        new Expected("FCT0006", "Line 'Split' has no steps; add [Step<T>] attributes in the order the steps run"));

    [Fact]
    public Task FCT0007_fires_on_a_step_that_is_neither_a_station_nor_a_line() => VerifyAsync(
        """
        using Factory;

        public sealed class Helper;

        [Line]
        [Step<Shout>]
        [{|FCT0007:Step<int>|}]
        [{|FCT0007:Step<Helper>|}]
        public sealed partial class Pipeline;
        """,
        Stations,
        allowCompilerErrors: false,
        new Expected("FCT0007", "Step 'int' of line 'Pipeline' is neither a station nor a line"),
        new Expected("FCT0007", "Step 'Helper' of line 'Pipeline' is neither a station nor a line"));

    [Fact]
    public Task FCT0007_is_silent_when_every_step_is_a_station_or_a_line() => VerifyAsync(
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
        Stations,
        allowCompilerErrors: false);

    [Fact]
    public Task FCT0007_leaves_a_missing_type_to_the_compiler() => VerifyAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        [Step<DoesNotExist>]
        public sealed partial class Pipeline;
        """,
        Stations,
        allowCompilerErrors: true);
}
