using System.Threading.Tasks;
using Factory.Analyzers.Tests.Verification;
using Xunit;
using static Factory.Analyzers.Tests.Verification.AnalyzerVerifier;

namespace Factory.Analyzers.Tests;

/// <summary>FCT0002, FCT0003 and FCT0008: a station's work method.</summary>
public sealed class StationAnalyzerTests
{
    [Fact]
    public Task FCT0002_fires_on_a_station_without_a_work_method() => VerifyAsync(
        """
        using Factory;

        [Station]
        public sealed partial class {|FCT0002:Redact|}
        {
            public string Run(string input) => input;
        }
        """,
        new Expected("FCT0002", "Station 'Redact' has no Process or ProcessAsync method"));

    [Theory]
    [InlineData("public string Process(string input) => input;")]
    [InlineData("public System.Threading.Tasks.Task<string> ProcessAsync(string input) => System.Threading.Tasks.Task.FromResult(input);")]
    public Task FCT0002_is_silent_on_a_station_with_one_work_method(string method) => VerifyAsync(
        $$"""
        using Factory;

        [Station]
        public sealed partial class Redact
        {
            {{method}}
        }
        """);

    [Fact]
    public Task FCT0002_is_silent_on_a_class_that_is_not_a_station() => VerifyAsync(
        """
        public sealed partial class Redact
        {
            public string Run(string input) => input;
        }
        """);

    [Fact]
    public Task FCT0003_fires_on_each_work_method_after_the_first() => VerifyAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        [Station]
        public sealed partial class Redact
        {
            public string Process(string input) => input;

            public string {|FCT0003:Process|}(string input, CancellationToken cancellationToken) => input;

            public Task<string> {|FCT0003:ProcessAsync|}(string input) => Task.FromResult(input);
        }
        """,
        new Expected("FCT0003", "Station 'Redact' already has the work method 'Process(string)'; a station has exactly one Process or ProcessAsync method"),
        new Expected("FCT0003", "Station 'Redact' already has the work method 'Process(string)'; a station has exactly one Process or ProcessAsync method"));

    [Fact]
    public Task FCT0003_counts_methods_in_every_part_of_a_partial_station() => VerifyAsync(
        """
        using Factory;

        [Station]
        public sealed partial class Redact
        {
            public string Process(string input) => input;
        }

        public sealed partial class Redact
        {
            private int {|FCT0003:Process|}(int input) => input;
        }
        """,
        new Expected("FCT0003", "Station 'Redact' already has the work method 'Process(string)'; a station has exactly one Process or ProcessAsync method"));

    [Fact]
    public Task FCT0003_is_silent_with_one_work_method_and_other_methods() => VerifyAsync(
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
    [InlineData("public static string {|FCT0008:Process|}(string input) => input;", "Process(string)", "it is static; the work method must be an instance method")]
    [InlineData("internal string {|FCT0008:Process|}(string input) => input;", "Process(string)", "it is not public")]
    [InlineData("public T {|FCT0008:Process|}<T>(T input) => input;", "Process<T>(T)", "it is generic")]
    [InlineData("public string {|FCT0008:Process|}() => string.Empty;", "Process()", "it has no input parameter")]
    [InlineData("public string {|FCT0008:Process|}(ref string input) => input;", "Process(ref string)", "parameter 'input' is ref, out, in or params")]
    [InlineData("public string {|FCT0008:Process|}(params string[] input) => input[0];", "Process(params string[])", "parameter 'input' is ref, out, in or params")]
    [InlineData("public void {|FCT0008:Process|}(string input) { }", "Process(string)", "it returns void; a station gives an output (return IEnumerable<T> and yield nothing to filter)")]
    [InlineData("public Task {|FCT0008:ProcessAsync|}(string input) => Task.CompletedTask;", "ProcessAsync(string)", "it returns System.Threading.Tasks.Task without a result; return Task<T> or ValueTask<T>")]
    [InlineData("public string {|FCT0008:Process|}(CancellationToken input) => string.Empty;", "Process(CancellationToken)", "its first parameter must be the input, not a StationContext or CancellationToken")]
    [InlineData("public string {|FCT0008:Process|}(string input, int count) => input;", "Process(string, int)", "parameter 'count' is neither a StationContext nor a CancellationToken (each may appear once, after the input)")]
    [InlineData("public string {|FCT0008:Process|}(string input, CancellationToken first, CancellationToken second) => input;", "Process(string, CancellationToken, CancellationToken)", "parameter 'second' is neither a StationContext nor a CancellationToken (each may appear once, after the input)")]
    [InlineData("public Span<char> {|FCT0008:Process|}(string input) => default;", "Process(string)", "its return type System.Span<char> cannot travel between stations")]
    public Task FCT0008_fires_on_an_unsupported_work_method(string method, string display, string reason) => VerifyAsync(
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
        new Expected("FCT0008", $"The work method '{display}' of station 'Redact' is not a supported shape: {reason}"));

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
    public Task FCT0008_is_silent_on_every_supported_shape(string method) => VerifyAsync(
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
