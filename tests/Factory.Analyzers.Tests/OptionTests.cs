using System.Threading.Tasks;
using Xunit;
using static Factory.Analyzers.Tests.Verification.FactoryVerifier;

namespace Factory.Analyzers.Tests;

/// <summary>FCT0005: station options out of range, reported on the named argument.</summary>
public sealed class OptionTests
{
    [Theory]
    [InlineData("Parallelism = 0", "Parallelism", "0", "it must be at least 1")]
    [InlineData("Parallelism = -4", "Parallelism", "-4", "it must be at least 1")]
    [InlineData("Capacity = 0", "Capacity", "0", "it must be at least 1")]
    [InlineData("MaxAttempts = 0", "MaxAttempts", "0", "it must be at least 1")]
    [InlineData("BackoffMs = -1", "BackoffMs", "-1", "it must not be negative")]
    [InlineData("TimeoutMs = -100", "TimeoutMs", "-100", "it must not be negative")]
    [InlineData("Name = \"\"", "Name", "\"\"", "it must not be empty or white space")]
    [InlineData("Name = \"  \"", "Name", "\"  \"", "it must not be empty or white space")]
    [InlineData("Version = \"\"", "Version", "\"\"", "it must not be empty or white space")]
    [InlineData("Version = null", "Version", "null", "it must not be empty or white space")]
    [InlineData("Requires = [\"tickets:read\", \"\"]", "Requires", "[\"tickets:read\", \"\"]", "every permission must be a non-empty string")]
    [InlineData("Requires = new[] { \" \", \"\" }", "Requires", "[\" \", \"\"]", "every permission must be a non-empty string")]
    public Task FCT0005_fires_on_the_named_argument_with_the_option_and_value(string argument, string option, string value, string rule) => VerifyAnalyzerAsync(
        $$"""
        using Factory;

        [Station(Ordered = false, {|#0:{{argument}}|})]
        public sealed partial class Redact
        {
            public string Process(string input) => input;
        }
        """,
        Diagnostic("FCT0005").WithLocation(0).WithMessage($"Station 'Redact' has {option} = {value}; {rule}"));

    [Theory]
    [InlineData("Parallelism = 1")]
    [InlineData("Capacity = 1")]
    [InlineData("MaxAttempts = 1")]
    [InlineData("BackoffMs = 0")]
    [InlineData("TimeoutMs = 0")]
    [InlineData("Name = \"redact\"")]
    [InlineData("Version = \"2\"")]
    [InlineData("Requires = [\"tickets:read\"]")]
    [InlineData("Requires = []")]
    [InlineData("Parallelism = 4, Capacity = 16, Ordered = false, MaxAttempts = 3, BackoffMs = 50, TimeoutMs = 2_000, Name = \"redact\", Version = \"2\", Requires = [\"tickets:read\", \"tickets:write\"]")]
    public Task FCT0005_is_silent_on_options_in_range(string arguments) => VerifyAnalyzerAsync(
        $$"""
        using Factory;

        [Station({{arguments}})]
        public sealed partial class Redact
        {
            public string Process(string input) => input;
        }
        """);

    [Fact]
    public Task FCT0005_reports_each_option_that_is_out_of_range() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Station({|#0:Parallelism = 0|}, Capacity = 8, {|#1:TimeoutMs = -1|})]
        public sealed partial class Redact
        {
            public string Process(string input) => input;
        }
        """,
        Diagnostic("FCT0005").WithLocation(0).WithMessage("Station 'Redact' has Parallelism = 0; it must be at least 1"),
        Diagnostic("FCT0005").WithLocation(1).WithMessage("Station 'Redact' has TimeoutMs = -1; it must not be negative"));

    [Fact]
    public Task FCT0005_reads_constants_as_their_values() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Station({|#0:Parallelism = Limits.Workers - 2|})]
        public sealed partial class Redact
        {
            public string Process(string input) => input;
        }

        public static class Limits
        {
            public const int Workers = 1;
        }
        """,
        Diagnostic("FCT0005").WithLocation(0).WithMessage("Station 'Redact' has Parallelism = -1; it must be at least 1"));
}
