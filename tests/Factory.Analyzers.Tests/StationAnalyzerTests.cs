using System.Threading.Tasks;
using Xunit;
using static Factory.Analyzers.Tests.Verification.FactoryVerifier;

namespace Factory.Analyzers.Tests;

/// <summary>FCT0002, FCT0003 and FCT0008: a station's work method.</summary>
public sealed class StationAnalyzerTests
{
    [Fact]
    public Task FCT0002_fires_on_a_station_without_a_work_method() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Station]
        public sealed partial class {|#0:Redact|}
        {
            public string Run(string input) => input;
        }
        """,
        Diagnostic("FCT0002").WithLocation(0).WithMessage("Station 'Redact' has no Process or ProcessAsync method"));

    [Theory]
    [InlineData("public string Process(string input) => input;")]
    [InlineData("public System.Threading.Tasks.Task<string> ProcessAsync(string input) => System.Threading.Tasks.Task.FromResult(input);")]
    public Task FCT0002_is_silent_on_a_station_with_one_work_method(string method) => VerifyAnalyzerAsync(
        $$"""
        using Factory;

        [Station]
        public sealed partial class Redact
        {
            {{method}}
        }
        """);

    [Fact]
    public Task FCT0002_is_silent_on_a_class_that_is_not_a_station() => VerifyAnalyzerAsync(
        """
        public sealed partial class Redact
        {
            public string Run(string input) => input;
        }
        """);

    [Fact]
    public Task FCT0003_fires_on_each_work_method_after_the_first() => VerifyAnalyzerAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        [Station]
        public sealed partial class Redact
        {
            public string Process(string input) => input;

            public string {|#0:Process|}(string input, CancellationToken cancellationToken) => input;

            public Task<string> {|#1:ProcessAsync|}(string input) => Task.FromResult(input);
        }
        """,
        Diagnostic("FCT0003").WithLocation(0).WithMessage("Station 'Redact' already has the work method 'Process(string)'; a station has exactly one Process or ProcessAsync method"),
        Diagnostic("FCT0003").WithLocation(1).WithMessage("Station 'Redact' already has the work method 'Process(string)'; a station has exactly one Process or ProcessAsync method"));

    [Fact]
    public Task FCT0003_counts_methods_in_every_part_of_a_partial_station() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Station]
        public sealed partial class Redact
        {
            public string Process(string input) => input;
        }

        public sealed partial class Redact
        {
            private int {|#0:Process|}(int input) => input;
        }
        """,
        Diagnostic("FCT0003").WithLocation(0).WithMessage("Station 'Redact' already has the work method 'Process(string)'; a station has exactly one Process or ProcessAsync method"));

    [Fact]
    public Task FCT0003_is_silent_with_one_work_method_and_other_methods() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Station]
        public sealed partial class Redact
        {
            public string Process(string input) => Clean(input);

            private static string Clean(string input) => input.Trim();

            public string Preview(string input) => input;
        }
        """);

    [Theory]
    [InlineData("public static string {|#0:Process|}(string input) => input;", "Process(string)", "it is static; the work method must be an instance method")]
    [InlineData("internal string {|#0:Process|}(string input) => input;", "Process(string)", "it is not public")]
    [InlineData("public T {|#0:Process|}<T>(T input) => input;", "Process<T>(T)", "it is generic")]
    [InlineData("public string {|#0:Process|}() => string.Empty;", "Process()", "it has no input parameter")]
    [InlineData("public string {|#0:Process|}(ref string input) => input;", "Process(ref string)", "parameter 'input' is ref, out, in or params")]
    [InlineData("public string {|#0:Process|}(params string[] input) => input[0];", "Process(params string[])", "parameter 'input' is ref, out, in or params")]
    [InlineData("public void {|#0:Process|}(string input) { }", "Process(string)", "it returns void; a station gives an output (return IEnumerable<T> and yield nothing to filter)")]
    [InlineData("public Task {|#0:ProcessAsync|}(string input) => Task.CompletedTask;", "ProcessAsync(string)", "it returns System.Threading.Tasks.Task without a result; return Task<T> or ValueTask<T>")]
    [InlineData("public string {|#0:Process|}(CancellationToken input) => string.Empty;", "Process(CancellationToken)", "its first parameter must be the input, not a StationContext or CancellationToken")]
    [InlineData("public string {|#0:Process|}(string input, int count) => input;", "Process(string, int)", "parameter 'count' is neither a StationContext nor a CancellationToken (each may appear once, after the input)")]
    [InlineData("public string {|#0:Process|}(string input, CancellationToken first, CancellationToken second) => input;", "Process(string, CancellationToken, CancellationToken)", "parameter 'second' is neither a StationContext nor a CancellationToken (each may appear once, after the input)")]
    [InlineData("public Span<char> {|#0:Process|}(string input) => default;", "Process(string)", "its return type System.Span<char> cannot travel between stations")]
    public Task FCT0008_fires_on_an_unsupported_work_method(string method, string display, string reason) => VerifyAnalyzerAsync(
        $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        [Station]
        public sealed partial class Redact
        {
            {{method}}
        }
        """,
        Diagnostic("FCT0008").WithLocation(0).WithMessage($"The work method '{display}' of station 'Redact' is not a supported shape: {reason}"));

    [Theory]
    [InlineData("public string Process(string input) => input;")]
    [InlineData("public string Process(string input, StationContext context) => input;")]
    [InlineData("public string Process(string input, CancellationToken cancellationToken) => input;")]
    [InlineData("public string Process(string input, StationContext context, CancellationToken cancellationToken) => input;")]
    [InlineData("public string Process(string input, CancellationToken cancellationToken, StationContext context) => input;")]
    [InlineData("public Task<string> ProcessAsync(string input, CancellationToken cancellationToken) => Task.FromResult(input);")]
    [InlineData("public ValueTask<string> ProcessAsync(string input) => new(input);")]
    [InlineData("public IEnumerable<string> Process(string input) { yield break; }")]
    [InlineData("public async IAsyncEnumerable<string> ProcessAsync(string input) { await Task.Yield(); yield return input; }")]
    public Task FCT0008_is_silent_on_every_supported_shape(string method) => VerifyAnalyzerAsync(
        $$"""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        [Station]
        public sealed partial class Redact
        {
            {{method}}
        }
        """);
}
