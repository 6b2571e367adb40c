using System.Threading.Tasks;
using Factory.Generators.Tests.Verification;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>
/// Invalid stations and lines get no source and no diagnostic from the generator: the analyzers say
/// what is wrong. Nothing generated may break user code that compiles on its own, so the output
/// compilation stays free of errors and warnings too (no cascade of errors in generated files). The
/// valid stations beside them (<see cref="GoldenSources.Neighbours"/>) still get their golden files.
/// </summary>
public sealed class InvalidInputTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        namespace Broken;

        """;

    public static TheoryData<string, string> Cases => new()
    {
        {
            "non-partial station (FCT0004)",
            """
            [Station]
            public sealed class Lonely
            {
                public int Process(int input) => input;
            }
            """
        },
        {
            "non-partial line (FCT0004)",
            """
            [Line]
            [Step<Parse>]
            public sealed class Solid;
            """
        },
        {
            "station without a work method (FCT0002)",
            """
            [Station]
            public sealed partial class Idle
            {
                public int Work(int input) => input;
            }
            """
        },
        {
            "station with two work methods (FCT0003)",
            """
            [Station]
            public sealed partial class Torn
            {
                public int Process(int input) => input;
                public Task<int> ProcessAsync(int input) => Task.FromResult(input);
            }
            """
        },
        {
            "work method returning void (FCT0008)",
            """
            [Station]
            public sealed partial class Sink
            {
                public void Process(int input) { }
            }
            """
        },
        {
            "work method with a stray parameter (FCT0008)",
            """
            [Station]
            public sealed partial class Stray
            {
                public int Process(int input, string extra) => input;
            }
            """
        },
        {
            "work method taking the context first (FCT0008)",
            """
            [Station]
            public sealed partial class Backwards
            {
                public int Process(StationContext context, int input) => input;
            }
            """
        },
        {
            "static work method (FCT0008)",
            """
            [Station]
            public sealed partial class Static
            {
                public static int Process(int input) => input;
            }
            """
        },
        {
            "option out of range (FCT0005)",
            """
            [Station(Parallelism = 0)]
            public sealed partial class Crowd
            {
                public int Process(int input) => input;
            }
            """
        },
        {
            "line with no steps (FCT0006)",
            """
            [Line]
            public sealed partial class Empty;
            """
        },
        {
            "miswired line (FCT0001)",
            """
            [Line]
            [Step<Show>]
            [Step<Show>]
            public sealed partial class Miswired;
            """
        },
        {
            "step that is neither a station nor a line (FCT0007)",
            """
            public sealed class Plain
            {
                public int Process(int input) => input;
            }

            [Line]
            [Step<Parse>]
            [Step<Plain>]
            public sealed partial class Odd;
            """
        },
        {
            "line over a non-partial station",
            """
            [Station]
            public sealed class Lonely
            {
                public int Process(int input) => input;
            }

            [Line]
            [Step<Parse>]
            [Step<Lonely>]
            public sealed partial class UsesLonely;
            """
        },
        {
            "step whose type does not exist (CS0246)",
            """
            [Line]
            [Step<Parse>]
            [Step<{|CS0246:Missing|}>]
            public sealed partial class Lost;
            """
        },
        {
            "line over a station with an option out of range",
            """
            [Station(MaxAttempts = 0)]
            public sealed partial class Hopeless
            {
                public int Process(int input) => input;
            }

            [Line]
            [Step<Parse>]
            [Step<Hopeless>]
            public sealed partial class UsesHopeless;
            """
        },
        {
            "line over a non-partial nested line",
            """
            [Line]
            [Step<Parse>]
            public sealed class Solid;

            [Line]
            [Step<Solid>]
            [Step<Show>]
            public sealed partial class UsesSolid;
            """
        },
        {
            "line over a line that contains itself",
            """
            [Line]
            [Step<Parse>]
            [Step<Loop>]
            public sealed partial class Loop;
            """
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Emits_nothing_for_it_and_reports_nothing(string name, string source)
    {
        // Only the two good stations produce code, exactly as they do alone. The case's file is named after
        // it, so a diagnostic the case was not expected to give says which case it was.
        var test = new FactoryGeneratorTest().ExpectGenerated(GoldenFiles.Read("Neighbours"));
        test.TestState.Sources.Add(($"{name}.cs", Usings + source));
        test.TestState.Sources.Add(GoldenSources.Neighbours);
        return test.RunAsync();
    }
}
