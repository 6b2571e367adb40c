using System.Threading.Tasks;
using Factory.Analyzers.Tests.Verification;
using Factory.CodeFixes;
using Xunit;

namespace Factory.Analyzers.Tests;

/// <summary>The code fixes for FCT0004 (add <c>partial</c>) and FCT0002 (add a <c>Process</c> stub).</summary>
public sealed class CodeFixTests
{
    [Fact]
    public Task FCT0004_fix_adds_partial_after_the_other_modifiers() => CodeFixVerifier.VerifyAsync(
        new AddPartialCodeFix(),
        """
        using Factory;

        [Station]
        public sealed class Redact
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
    public Task FCT0004_fix_adds_partial_to_a_class_without_modifiers_and_keeps_its_trivia() => CodeFixVerifier.VerifyAsync(
        new AddPartialCodeFix(),
        """
        using Factory;

        namespace Support
        {
            [Line]
            [Step<Redact>]
            /// <summary>Cleans tickets.</summary>
            record Cleanup;

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
    public Task FCT0004_fix_makes_the_containing_types_partial_too() => CodeFixVerifier.VerifyAsync(
        new AddPartialCodeFix(),
        """
        using Factory;

        public static class Plant
        {
            public static partial class Floor
            {
                internal class Lines
                {
                    [Station]
                    public sealed class Redact
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
    public Task FCT0002_fix_takes_the_input_from_the_step_before_the_station() => CodeFixVerifier.VerifyAsync(
        new AddWorkMethodCodeFix(),
        """
        using System;
        using Factory;

        namespace Support;

        [Station]
        public sealed partial class Classify
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

    [Fact]
    public Task FCT0002_fix_uses_object_for_the_first_step_and_qualifies_what_is_not_imported() => CodeFixVerifier.VerifyAsync(
        new AddWorkMethodCodeFix(),
        """
        using Factory;

        namespace Support
        {
            [Station]
            public sealed partial class Redact
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
            [Step<Classify>]
            public sealed partial class TicketTriage;
        }
        """);

    [Fact]
    public Task FCT0002_fix_gives_a_station_without_a_body_one() => CodeFixVerifier.VerifyAsync(
        new AddWorkMethodCodeFix(),
        """
        using Factory;

        [Station(Parallelism = 2)]
        public sealed partial class Redact;

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
    public Task FCT0002_fix_uses_object_when_no_line_uses_the_station() => CodeFixVerifier.VerifyAsync(
        new AddWorkMethodCodeFix(),
        """
        using Factory;

        [Station]
        public sealed partial class Redact
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
}
