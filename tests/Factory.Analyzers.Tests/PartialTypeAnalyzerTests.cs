using System.Threading.Tasks;
using Xunit;
using static Factory.Analyzers.Tests.Verification.FactoryVerifier;

namespace Factory.Analyzers.Tests;

/// <summary>FCT0004: stations, lines and the types containing them must be partial.</summary>
public sealed class PartialTypeAnalyzerTests
{
    [Fact]
    public Task FCT0004_fires_on_a_station_that_is_not_partial() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Station]
        public sealed class {|#0:Redact|}
        {
            public string Process(string input) => input;
        }
        """,
        Diagnostic("FCT0004").WithLocation(0).WithMessage("Station 'Redact' must be partial, and so must every type that contains it; add 'partial' to 'Redact'"));

    [Fact]
    public Task FCT0004_fires_on_a_line_that_is_not_partial() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Station]
        public sealed partial class Redact
        {
            public string Process(string input) => input;
        }

        [Line]
        [Step<Redact>]
        public sealed class {|#0:Cleanup|};
        """,
        Diagnostic("FCT0004").WithLocation(0).WithMessage("Line 'Cleanup' must be partial, and so must every type that contains it; add 'partial' to 'Cleanup'"));

    [Fact]
    public Task FCT0004_fires_when_a_containing_type_is_not_partial() => VerifyAnalyzerAsync(
        """
        using Factory;

        public static class Stations
        {
            [Station]
            public sealed partial class {|#0:Redact|}
            {
                public string Process(string input) => input;
            }
        }
        """,
        Diagnostic("FCT0004").WithLocation(0).WithMessage("Station 'Stations.Redact' must be partial, and so must every type that contains it; add 'partial' to 'Stations'"));

    [Fact]
    public Task FCT0004_names_every_type_that_lacks_partial_outermost_first() => VerifyAnalyzerAsync(
        """
        using Factory;

        public static class Plant
        {
            public static partial class Floor
            {
                public sealed class Lines
                {
                    [Station]
                    public sealed class {|#0:Redact|}
                    {
                        public string Process(string input) => input;
                    }
                }
            }
        }
        """,
        Diagnostic("FCT0004").WithLocation(0).WithMessage("Station 'Plant.Floor.Lines.Redact' must be partial, and so must every type that contains it; add 'partial' to 'Plant', 'Lines' and 'Redact'"));

    [Fact]
    public Task FCT0004_is_silent_when_the_type_and_its_containers_are_partial() => VerifyAnalyzerAsync(
        """
        using Factory;

        public static partial class Plant
        {
            [Station]
            public sealed partial class Redact
            {
                public string Process(string input) => input;
            }

            [Line]
            [Step<Redact>]
            public sealed partial record Cleanup;
        }
        """);

    [Fact]
    public Task FCT0004_is_silent_on_classes_that_are_neither_stations_nor_lines() => VerifyAnalyzerAsync(
        """
        public sealed class Redact
        {
            public string Process(string input) => input;
        }
        """);
}
