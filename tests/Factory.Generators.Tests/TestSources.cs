namespace Factory.Generators.Tests;

/// <summary>User code the tests feed the generator.</summary>
internal static class TestSources
{
    /// <summary>
    /// One station of every work shape, with and without StationContext and CancellationToken (in
    /// both orders), with options, in a namespace; a nested line; a station used twice in one line.
    /// <c>Make.Line()</c> builds the outer line through the generated constructors.
    /// </summary>
    public const string Shapes = """
        using System.Collections.Generic;
        using System.Globalization;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        namespace Shapes;

        [Station]
        public sealed partial class AddOne
        {
            public int Process(int input) => input + 1;
        }

        [Station(Name = "double", Version = "2", Parallelism = 4, Capacity = 8, Ordered = true, MaxAttempts = 3, BackoffMs = 1, TimeoutMs = 5000, Requires = new[] { "math" })]
        public sealed partial class Twice
        {
            public async Task<int> ProcessAsync(int input, StationContext context)
            {
                await Task.Yield();
                return context.Attempt >= 1 ? input * 2 : -1;
            }
        }

        [Station]
        public sealed partial class Square
        {
            public ValueTask<long> ProcessAsync(int input, CancellationToken cancellationToken, StationContext context)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return new ValueTask<long>(context.Attempt * (long)input * input);
            }
        }

        [Station]
        public sealed partial class SplitDigits
        {
            public IEnumerable<int> Process(long input, CancellationToken cancellationToken)
            {
                foreach (char digit in input.ToString(CultureInfo.InvariantCulture))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return digit - '0';
                }
            }
        }

        [Station]
        public sealed partial class DropZeros
        {
            public async IAsyncEnumerable<int> ProcessAsync(int input, StationContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Yield();
                if (input != 0 && context.MaterialId > 0)
                {
                    yield return input;
                }
            }
        }

        [Station]
        public sealed partial class Show
        {
            public string Process(int input) => input.ToString(CultureInfo.InvariantCulture);
        }

        [Line]
        [Step<Square>]
        [Step<SplitDigits>]
        public sealed partial class Digits;

        [Line(Name = "shapes")]
        [Step<AddOne>]
        [Step<Twice>]
        [Step<Digits>]
        [Step<DropZeros>]
        [Step<AddOne>]
        [Step<Show>]
        public sealed partial class ShapesLine;

        public static class Make
        {
            public static ILine<int, string> Line() =>
                new ShapesLine(new AddOne(), new Twice(), new Digits(new Square(), new SplitDigits()), new DropZeros(), new AddOne(), new Show());
        }
        """;

    /// <summary>A station and a line nested in partial containing classes, inside a namespace.</summary>
    public const string Nested = """
        using Factory;

        namespace Outer.Space
        {
            public partial class Holder
            {
                internal partial class Inner
                {
                    [Station]
                    internal sealed partial class Upper
                    {
                        public string Process(string input) => input.ToUpperInvariant();
                    }

                    [Line]
                    [Step<Upper>]
                    [Step<Exclaim>]
                    internal sealed partial class Shout;
                }

                [Station]
                public sealed partial class Exclaim
                {
                    public string Process(string input) => input + "!";
                }

                public static ILine<string, string> Line() => new Inner.Shout(new Inner.Upper(), new Exclaim());
            }
        }
        """;

    /// <summary>
    /// Step names that could clash with what the generated line declares: a station whose field would
    /// be called like the wiring method's parameter (<c>upstream</c>), one whose field would be called
    /// like the local after another step (<c>afterTrim</c>), and one whose name is a keyword in camelCase.
    /// </summary>
    public const string AwkwardNames = """
        using Factory;

        namespace Awkward;

        [Station]
        public sealed partial class Upstream
        {
            public string Process(string input) => input + "u";
        }

        [Station]
        public sealed partial class Trim
        {
            public string Process(string input) => input.Trim();
        }

        [Station]
        public sealed partial class AfterTrim
        {
            public string Process(string input) => input + "a";
        }

        [Station]
        public sealed partial class Event
        {
            public string Process(string input) => input + "e";
        }

        [Line]
        [Step<Upstream>]
        [Step<Trim>]
        [Step<AfterTrim>]
        [Step<Event>]
        public sealed partial class Clashes;

        public static class Make
        {
            public static ILine<string, string> Line() => new Clashes(new Upstream(), new Trim(), new AfterTrim(), new Event());
        }
        """;
}
