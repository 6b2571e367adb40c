using System.Threading.Tasks;
using Factory.CodeFixes;
using Xunit;
using static Factory.Analyzers.Tests.Verification.FactoryVerifier;

namespace Factory.Analyzers.Tests;

/// <summary>The code fixes for FCT0004 (add <c>partial</c>), FCT0002 (add a <c>Process</c> stub) and FCT0010 (route the uncovered types to <c>Discard</c>).</summary>
public sealed class CodeFixTests
{
    [Fact]
    public Task FCT0004_fix_adds_partial_after_the_other_modifiers() => VerifyCodeFixAsync<AddPartialCodeFix>(
        """
        using Factory;

        [Station]
        public sealed class {|FCT0004:Redact|}
        {
            public string Process(string input) => input;
        }
        """,
        """
        using Factory;

        [Station]
        public sealed partial class Redact
        {
            public string Process(string input) => input;
        }
        """);

    [Fact]
    public Task FCT0004_fix_adds_partial_to_a_class_without_modifiers_and_keeps_its_trivia() => VerifyCodeFixAsync<AddPartialCodeFix>(
        """
        using Factory;

        namespace Support
        {
            [Line]
            [Step<Redact>]
            /// <summary>Cleans tickets.</summary>
            record {|FCT0004:Cleanup|};

            [Station]
            public sealed partial class Redact
            {
                public string Process(string input) => input;
            }
        }
        """,
        """
        using Factory;

        namespace Support
        {
            [Line]
            [Step<Redact>]
            /// <summary>Cleans tickets.</summary>
            partial record Cleanup;

            [Station]
            public sealed partial class Redact
            {
                public string Process(string input) => input;
            }
        }
        """);

    [Fact]
    public Task FCT0004_fix_makes_the_containing_types_partial_too() => VerifyCodeFixAsync<AddPartialCodeFix>(
        """
        using Factory;

        public static class Plant
        {
            public static partial class Floor
            {
                internal class Lines
                {
                    [Station]
                    public sealed class {|FCT0004:Redact|}
                    {
                        public string Process(string input) => input;
                    }
                }
            }
        }
        """,
        """
        using Factory;

        public static partial class Plant
        {
            public static partial class Floor
            {
                internal partial class Lines
                {
                    [Station]
                    public sealed partial class Redact
                    {
                        public string Process(string input) => input;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task FCT0002_fix_takes_the_input_from_the_step_before_the_station() => VerifyCodeFixAsync<AddWorkMethodCodeFix>(
        """
        using System;
        using Factory;

        namespace Support;

        [Station]
        public sealed partial class {|FCT0002:Classify|}
        {
        }
        """,
        """
        using System;
        using Factory;

        namespace Support;

        [Station]
        public sealed partial class Classify
        {
            public object Process(Ticket input) => throw new NotImplementedException();
        }
        """,
        """
        using Factory;

        namespace Support;

        public sealed record Ticket(string Id, string Body);

        [Station]
        public sealed partial class Redact
        {
            public Ticket Process(Ticket input) => input;
        }

        [Line]
        [Step<Redact>]
        [Step<Classify>]
        public sealed partial class TicketTriage;
        """);

    /// <summary>The stub gives <c>object</c>, so the step after it reports FCT0001 until the user writes the output type.</summary>
    [Fact]
    public Task FCT0002_fix_uses_object_for_the_first_step_and_qualifies_what_is_not_imported() => VerifyCodeFixAsync<AddWorkMethodCodeFix>(
        """
        using Factory;

        namespace Support
        {
            [Station]
            public sealed partial class {|FCT0002:Redact|}
            {
                public const string Mask = "***";
            }

            [Station]
            public sealed partial class Classify
            {
                public string Process(string input) => input;
            }

            [Line]
            [Step<Redact>]
            [Step<Classify>]
            public sealed partial class TicketTriage;
        }
        """,
        """
        using Factory;

        namespace Support
        {
            [Station]
            public sealed partial class Redact
            {
                public const string Mask = "***";

                public object Process(object input) => throw new System.NotImplementedException();
            }

            [Station]
            public sealed partial class Classify
            {
                public string Process(string input) => input;
            }

            [Line]
            [Step<Redact>]
            [{|FCT0001:Step<Classify>|}]
            public sealed partial class TicketTriage;
        }
        """);

    [Fact]
    public Task FCT0002_fix_gives_a_station_without_a_body_one() => VerifyCodeFixAsync<AddWorkMethodCodeFix>(
        """
        using Factory;

        [Station(Parallelism = 2)]
        public sealed partial class {|FCT0002:Redact|};

        [Station]
        public sealed partial class Measure
        {
            public int Process(string input) => input.Length;
        }

        [Line]
        [Step<Measure>]
        [Step<Redact>]
        public sealed partial class Cleanup;
        """,
        """
        using Factory;

        [Station(Parallelism = 2)]
        public sealed partial class Redact
        {
            public object Process(int input) => throw new System.NotImplementedException();
        }

        [Station]
        public sealed partial class Measure
        {
            public int Process(string input) => input.Length;
        }

        [Line]
        [Step<Measure>]
        [Step<Redact>]
        public sealed partial class Cleanup;
        """);

    [Fact]
    public Task FCT0002_fix_uses_object_when_no_line_uses_the_station() => VerifyCodeFixAsync<AddWorkMethodCodeFix>(
        """
        using Factory;

        [Station]
        public sealed partial class {|FCT0002:Redact|}
        {
        }
        """,
        """
        using Factory;

        [Station]
        public sealed partial class Redact
        {
            public object Process(object input) => throw new System.NotImplementedException();
        }
        """);

    /// <summary>The shapes in their own namespace: Circle, Square and Blob derive from the abstract Shape.</summary>
    private const string Shapes =
        """
        using Factory;

        namespace Plant.Shapes;

        public abstract record Shape(int Id);
        public sealed record Circle(int Id) : Shape(Id);
        public sealed record Square(int Id) : Shape(Id);
        public sealed record Blob(int Id) : Shape(Id);

        [Station] public sealed partial class MakeShape { public Shape Process(int input) => new Circle(input); }
        [Station] public sealed partial class DescribeCircle { public string Process(Circle input) => "circle"; }
        [Station] public sealed partial class Shout { public string Process(string input) => input.ToUpperInvariant(); }
        """;

    [Fact]
    public Task FCT0010_fix_routes_each_uncovered_type_to_Discard_after_the_last_route() => VerifyCodeFixAsync<AddMissingRoutesCodeFix>(
        """
        using Factory;
        using Plant.Shapes;

        [Line]
        [{|FCT0010:Step<MakeShape>|}]
        [Route<Circle, DescribeCircle>]
        [Step<Shout>]
        public sealed partial class Pipeline;
        """,
        """
        using Factory;
        using Plant.Shapes;

        [Line]
        [Step<MakeShape>]
        [Route<Circle, DescribeCircle>]
        [Route<Square, Discard>]
        [Route<Blob, Discard>]
        [Step<Shout>]
        public sealed partial class Pipeline;
        """,
        Shapes);

    [Fact]
    public Task FCT0010_fix_keeps_indentation_and_comments_and_puts_subtypes_before_their_bases() => VerifyCodeFixAsync<AddMissingRoutesCodeFix>(
        """
        using Factory;

        namespace Zoo
        {
            public class Animal { }
            public class Dog : Animal { }
            public sealed class Puppy : Dog { }
            public sealed class Cat : Animal { }

            [Station] public sealed partial class Adopt { public Animal Process(string input) => new Cat(); }
            [Station] public sealed partial class Pet { public string Process(Cat input) => "purr"; }

            [Line]
            [{|FCT0010:Step<Adopt>|}]
            [Route<Cat, Pet>] // cats to the petting zoo
            public sealed partial class Shelter;
        }
        """,
        """
        using Factory;

        namespace Zoo
        {
            public class Animal { }
            public class Dog : Animal { }
            public sealed class Puppy : Dog { }
            public sealed class Cat : Animal { }

            [Station] public sealed partial class Adopt { public Animal Process(string input) => new Cat(); }
            [Station] public sealed partial class Pet { public string Process(Cat input) => "purr"; }

            [Line]
            [Step<Adopt>]
            [Route<Cat, Pet>] // cats to the petting zoo
            [Route<Puppy, Discard>]
            [Route<Dog, Discard>]
            [Route<Animal, Discard>]
            public sealed partial class Shelter;
        }
        """);

    [Fact]
    public Task FCT0010_fix_writes_names_as_simply_as_the_scope_allows_and_the_route_as_the_user_did() => VerifyCodeFixAsync<AddMissingRoutesCodeFix>(
        """
        namespace Plant
        {
            [Factory.Line]
            [{|FCT0010:Factory.Step<Shapes.MakeShape>|}]
            [Factory.Route<Shapes.Circle, Shapes.DescribeCircle>]
            public sealed partial class Pipeline;
        }
        """,
        """
        namespace Plant
        {
            [Factory.Line]
            [Factory.Step<Shapes.MakeShape>]
            [Factory.Route<Shapes.Circle, Shapes.DescribeCircle>]
            [Factory.Route<Shapes.Square, Factory.Discard>]
            [Factory.Route<Shapes.Blob, Factory.Discard>]
            public sealed partial class Pipeline;
        }
        """,
        Shapes);

    [Fact]
    public Task FCT0010_fix_adds_to_the_attribute_list_the_last_route_shares() => VerifyCodeFixAsync<AddMissingRoutesCodeFix>(
        """
        using Factory;
        using Plant.Shapes;

        [Line]
        [{|FCT0010:Step<MakeShape>|}, Route<Circle, DescribeCircle>]
        public sealed partial class Pipeline;
        """,
        """
        using Factory;
        using Plant.Shapes;

        [Line]
        [Step<MakeShape>, Route<Circle, DescribeCircle>, Route<Square, Discard>, Route<Blob, Discard>]
        public sealed partial class Pipeline;
        """,
        Shapes);
}
