using System.Threading.Tasks;
using Xunit;
using static Factory.Analyzers.Tests.Verification.FactoryVerifier;

namespace Factory.Analyzers.Tests;

/// <summary>FCT0010 to FCT0015, and FCT0001 and FCT0007 after routes: how a line branches and merges.</summary>
public sealed class RouteAnalyzerTests
{
    /// <summary>
    /// A second file: the shapes (Circle, Square and Blob derive from the abstract Shape), stations over
    /// them, and SquareLine, a line (Square -> string) to use as a route target.
    /// </summary>
    private static readonly string[] Shapes =
    [
        """
        using Factory;

        public abstract record Shape(int Id);
        public sealed record Circle(int Id) : Shape(Id);
        public sealed record Square(int Id) : Shape(Id);
        public sealed record Blob(int Id) : Shape(Id);

        [Station] public sealed partial class MakeShape { public Shape Process(int input) => new Circle(input); }
        [Station] public sealed partial class DescribeCircle { public string Process(Circle input) => "circle"; }
        [Station] public sealed partial class DescribeSquare { public string Process(Square input) => "square"; }
        [Station] public sealed partial class DescribeAny { public string Process(Shape input) => "shape"; }
        [Station] public sealed partial class MeasureCircle { public int Process(Circle input) => input.Id; }
        [Station] public sealed partial class Shout { public string Process(string input) => input.ToUpperInvariant(); }
        [Station] public sealed partial class Twice { public int Process(int input) => input * 2; }

        [Line]
        [Step<DescribeSquare>]
        [Step<Shout>]
        public sealed partial class SquareLine;
        """,
    ];

    [Fact]
    public Task A_routed_line_that_covers_every_case_and_merges_reports_nothing() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Twice>]
        [Step<MakeShape>]
        [Route<Circle, DescribeCircle>]
        [Route<Square, SquareLine>]
        [Route<Blob, Discard>]
        [Step<Shout>]
        public sealed partial class Pipeline;

        [Line]
        [Step<Pipeline>]
        [Step<Shout>]
        public sealed partial class Outer;
        """,
        Shapes);

    [Fact]
    public Task FCT0010_fires_on_the_step_naming_the_uncovered_types() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [{|#0:Step<MakeShape>|}]
        [Route<Circle, DescribeCircle>]
        [Step<Shout>]
        public sealed partial class Pipeline;
        """,
        Shapes,
        Diagnostic("FCT0010").WithLocation(0).WithMessage("Step 'MakeShape' of line 'Pipeline' gives 'Shape', but its routes do not cover 'Square' and 'Blob'; add a route for each (to Discard to drop it)"));

    [Fact]
    public Task FCT0010_is_silent_when_a_case_s_subtypes_are_covered_by_it() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<MakeShape>]
        [Route<Circle, DescribeCircle>]
        [Route<Shape, DescribeAny>]
        public sealed partial class Pipeline;
        """,
        Shapes);

    [Fact]
    public Task FCT0010_names_the_classes_and_structs_that_implement_a_routed_interface() => VerifyAnalyzerAsync(
        """
        using Factory;

        public interface IEvent { }
        public sealed class Opened : IEvent { }
        public readonly record struct Ping(int Id) : IEvent;
        public abstract class Closed : IEvent { }
        public sealed class Expired : Closed { }
        public sealed class Wrapped<T> : IEvent { }

        [Station] public sealed partial class Receive { public IEvent Process(string input) => new Opened(); }
        [Station] public sealed partial class Open { public string Process(Opened input) => "opened"; }

        [Line]
        [{|#0:Step<Receive>|}]
        [Route<Opened, Open>]
        public sealed partial class Inbox;
        """,
        Diagnostic("FCT0010").WithLocation(0).WithMessage("Step 'Receive' of line 'Inbox' gives 'IEvent', but its routes do not cover 'Ping' and 'Expired'; add a route for each (to Discard to drop it)"));

    [Fact]
    public Task FCT0010_is_silent_when_a_struct_and_an_abstract_base_are_routed() => VerifyAnalyzerAsync(
        """
        using Factory;

        public interface IEvent { }
        public sealed class Opened : IEvent { }
        public readonly record struct Ping(int Id) : IEvent;
        public abstract class Closed : IEvent { }
        public sealed class Expired : Closed { }

        [Station] public sealed partial class Receive { public IEvent Process(string input) => new Opened(); }
        [Station] public sealed partial class Open { public string Process(Opened input) => "opened"; }
        [Station] public sealed partial class Pong { public string Process(IEvent input) => "pong"; }

        [Line]
        [Step<Receive>]
        [Route<Opened, Open>]
        [Route<Ping, Pong>]
        [Route<Closed, Discard>]
        public sealed partial class Inbox;
        """);

    [Fact]
    public Task FCT0010_names_a_concrete_routed_type_and_each_subtype_before_its_bases() => VerifyAnalyzerAsync(
        """
        using Factory;

        public class Animal { }
        public class Dog : Animal { }
        public sealed class Puppy : Dog { }
        public sealed class Cat : Animal { }

        [Station] public sealed partial class Adopt { public Animal Process(string input) => new Cat(); }
        [Station] public sealed partial class Pet { public string Process(Cat input) => "purr"; }

        [Line]
        [{|#0:Step<Adopt>|}]
        [Route<Cat, Pet>]
        public sealed partial class Shelter;
        """,
        Diagnostic("FCT0010").WithLocation(0).WithMessage("Step 'Adopt' of line 'Shelter' gives 'Animal', but its routes do not cover 'Puppy', 'Dog' and 'Animal'; add a route for each (to Discard to drop it)"));

    [Fact]
    public Task FCT0010_leaves_types_from_other_assemblies_to_run_time() => VerifyAnalyzerAsync(
        """
        using System;
        using Factory;

        [Station] public sealed partial class Fail { public Exception Process(int input) => new ArgumentException("no"); }
        [Station] public sealed partial class Explain { public string Process(Exception input) => input.Message; }

        [Line]
        [Step<Fail>]
        [Route<ArgumentException, Explain>]
        [Route<InvalidOperationException, Explain>]
        public sealed partial class Errors;
        """);

    [Fact]
    public Task FCT0011_fires_on_a_route_whose_station_or_line_target_cannot_take_the_case() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<MakeShape>]
        [{|#0:Route<Circle, DescribeSquare>|}]
        [Route<Square, DescribeSquare>]
        [{|#1:Route<Blob, SquareLine>|}]
        [Step<Shout>]
        public sealed partial class Pipeline;
        """,
        Shapes,
        Diagnostic("FCT0011").WithLocation(0).WithMessage("Route target 'DescribeSquare' of line 'Pipeline' takes 'Square', but the route's case 'Circle' is not a 'Square'"),
        Diagnostic("FCT0011").WithLocation(1).WithMessage("Route target 'SquareLine' of line 'Pipeline' takes 'Square', but the route's case 'Blob' is not a 'Square'"));

    [Fact]
    public Task FCT0011_is_silent_when_a_target_takes_the_case_or_a_base_of_it() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<MakeShape>]
        [Route<Circle, DescribeAny>]
        [Route<Square, SquareLine>]
        [Route<Blob, DescribeAny>]
        [Step<Shout>]
        public sealed partial class Pipeline;
        """,
        Shapes);

    [Fact]
    public Task FCT0012_fires_on_a_route_whose_case_is_not_the_routed_type() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<MakeShape>]
        [{|#0:Route<string, Shout>|}]
        [Route<Shape, DescribeAny>]
        [Step<Shout>]
        public sealed partial class Pipeline;

        [Line]
        [Step<Shout>]
        public sealed partial class ShoutLine;

        [Line]
        [Step<MakeShape>]
        [Route<Shape, DescribeAny>]
        [{|#1:Route<string, ShoutLine>|}]
        public sealed partial class ToALine;
        """,
        Shapes,
        Diagnostic("FCT0012").WithLocation(0).WithMessage("Route case 'string' of line 'Pipeline' is not a 'Shape', which step 'MakeShape' gives; a case must be the routed type or derive from it"),
        Diagnostic("FCT0012").WithLocation(1).WithMessage("Route case 'string' of line 'ToALine' is not a 'Shape', which step 'MakeShape' gives; a case must be the routed type or derive from it"));

    [Fact]
    public Task FCT0012_is_silent_when_the_case_derives_from_the_routed_type() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<MakeShape>]
        [Route<Circle, DescribeCircle>]
        [Route<Shape, DescribeAny>]
        [Step<Shout>]
        public sealed partial class Pipeline;
        """,
        Shapes);

    [Fact]
    public Task FCT0013_fires_on_the_step_naming_each_target_and_what_it_gives() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [{|#0:Step<MakeShape>|}]
        [Route<Circle, MeasureCircle>]
        [Route<Square, SquareLine>]
        [Route<Blob, Discard>]
        public sealed partial class Pipeline;
        """,
        Shapes,
        Diagnostic("FCT0013").WithLocation(0).WithMessage("The routes after step 'MakeShape' of line 'Pipeline' give different types: 'MeasureCircle' gives 'int' and 'SquareLine' gives 'string'; every branch must give the same type"));

    [Fact]
    public Task FCT0013_is_reported_once_when_a_step_follows_and_FCT0001_stays_silent() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [{|#0:Step<MakeShape>|}]
        [Route<Circle, MeasureCircle>]
        [Route<Square, DescribeSquare>]
        [Route<Blob, Discard>]
        [Step<Shout>]
        public sealed partial class Pipeline;
        """,
        Shapes,
        Diagnostic("FCT0013").WithLocation(0).WithMessage("The routes after step 'MakeShape' of line 'Pipeline' give different types: 'MeasureCircle' gives 'int' and 'DescribeSquare' gives 'string'; every branch must give the same type"));

    [Fact]
    public Task FCT0013_is_silent_when_every_branch_gives_the_same_type() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<MakeShape>]
        [Route<Circle, DescribeCircle>]
        [Route<Square, SquareLine>]
        [Route<Blob, Discard>]
        public sealed partial class Pipeline;
        """,
        Shapes);

    [Fact]
    public Task FCT0014_fires_on_a_line_that_is_its_own_step() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        [Step<Loop>]
        public sealed partial class {|#0:Loop|};
        """,
        Shapes,
        Diagnostic("FCT0014").WithLocation(0).WithMessage("Line 'Loop' contains itself: Loop -> Loop"));

    [Fact]
    public Task FCT0014_names_the_cycle_through_steps_and_route_targets_on_each_line_in_it() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Twice>]
        [Step<Inner>]
        public sealed partial class {|#0:Outer|};

        [Line]
        [Step<MakeShape>]
        [Route<Circle, Outer>]
        [Route<Shape, DescribeAny>]
        public sealed partial class {|#1:Inner|};

        [Line]
        [Step<Twice>]
        [Step<Outer>]
        public sealed partial class User;
        """,
        Shapes,
        Diagnostic("FCT0014").WithLocation(0).WithMessage("Line 'Outer' contains itself: Outer -> Inner -> Outer"),
        Diagnostic("FCT0014").WithLocation(1).WithMessage("Line 'Inner' contains itself: Inner -> Outer -> Inner"));

    [Fact]
    public Task FCT0014_is_silent_on_a_line_used_several_times_without_a_cycle() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<Shout>]
        public sealed partial class Inner;

        [Line]
        [Step<MakeShape>]
        [Route<Circle, DescribeCircle>]
        [Route<Square, SquareLine>]
        [Route<Blob, DescribeAny>]
        [Step<Inner>]
        [Step<Inner>]
        public sealed partial class Outer;
        """,
        Shapes);

    [Fact]
    public Task FCT0015_fires_on_a_route_written_before_any_step() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [{|#0:Route<Circle, DescribeCircle>|}]
        [Step<MakeShape>]
        [Route<Shape, DescribeAny>]
        public sealed partial class Pipeline;
        """,
        Shapes,
        Diagnostic("FCT0015").WithLocation(0).WithMessage("Route<Circle, DescribeCircle> of line 'Pipeline' has no step before it; write each route right after the [Step<T>] whose output it routes"));

    [Fact]
    public Task FCT0015_is_silent_when_every_route_follows_a_step() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<MakeShape>]
        [Route<Circle, DescribeCircle>]
        [Route<Shape, DescribeAny>]
        public sealed partial class Pipeline;
        """,
        Shapes);

    [Fact]
    public Task FCT0007_fires_on_a_route_target_that_is_neither_a_station_nor_a_line() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<MakeShape>]
        [Route<Circle, DescribeCircle>]
        [{|#0:Route<Shape, string>|}]
        [Step<Shout>]
        public sealed partial class Pipeline;

        [Line]
        [Step<Twice>]
        [{|#1:Step<Discard>|}]
        public sealed partial class Dropper;
        """,
        Shapes,
        Diagnostic("FCT0007").WithLocation(0).WithMessage("Route target 'string' of line 'Pipeline' is neither a station nor a line"),
        Diagnostic("FCT0007").WithLocation(1).WithMessage("Step 'Factory.Discard' of line 'Dropper' is neither a station nor a line"));

    [Fact]
    public Task FCT0001_fires_on_the_step_after_routes_when_it_does_not_take_what_the_branches_give() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<MakeShape>]
        [Route<Circle, DescribeCircle>]
        [Route<Square, SquareLine>]
        [Route<Blob, Discard>]
        [{|#0:Step<Twice>|}]
        public sealed partial class Pipeline;

        [Line]
        [Step<MakeShape>]
        [Route<Shape, Discard>]
        [{|#1:Step<Shout>|}]
        public sealed partial class Dropped;
        """,
        Shapes,
        Diagnostic("FCT0001").WithLocation(0).WithMessage("Step 'Twice' of line 'Pipeline' takes 'int', but the routes after the previous step 'MakeShape' give 'string'"),
        Diagnostic("FCT0001").WithLocation(1).WithMessage("Step 'Shout' of line 'Dropped' takes 'string', but the routes after the previous step 'MakeShape' give 'Shape'"));

    [Fact]
    public Task FCT0001_uses_what_a_nested_routed_line_gives() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Line]
        [Step<MakeShape>]
        [Route<Circle, DescribeCircle>]
        [Route<Square, SquareLine>]
        [Route<Blob, DescribeAny>]
        public sealed partial class Routed;

        [Line]
        [Step<Routed>]
        [{|#0:Step<Twice>|}]
        public sealed partial class Outer;

        [Line]
        [Step<MakeShape>]
        [Route<Shape, Discard>]
        [Step<DescribeAny>]
        public sealed partial class AllDropped;
        """,
        Shapes,
        Diagnostic("FCT0001").WithLocation(0).WithMessage("Step 'Twice' of line 'Outer' takes 'int', but the previous step 'Routed' gives 'string'"));
}
