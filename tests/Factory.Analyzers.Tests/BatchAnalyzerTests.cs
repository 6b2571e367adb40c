using System.Threading.Tasks;
using Xunit;
using static Factory.Analyzers.Tests.Verification.FactoryVerifier;

namespace Factory.Analyzers.Tests;

/// <summary>FCT0016 and FCT0017: batch options and batch work methods go together; FCT0005 for batch options.</summary>
public sealed class BatchAnalyzerTests
{
    private const string NotABatch = "does not take and return lists; a batch work method takes IReadOnlyList<TIn> and returns IReadOnlyList<TOut> (or a Task or ValueTask of it)";

    [Fact]
    public Task FCT0016_fires_on_each_batch_option_of_a_station_that_does_not_batch() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Station({|#0:BatchSize = 8|}, Parallelism = 2, {|#1:BatchWaitMs = 20|})]
        public sealed partial class Embed
        {
            public int Process(string input) => input.Length;
        }
        """,
        Diagnostic("FCT0016").WithLocation(0).WithMessage($"Station 'Embed' has BatchSize, but its work method 'Process(string)' {NotABatch}"),
        Diagnostic("FCT0016").WithLocation(1).WithMessage($"Station 'Embed' has BatchWaitMs, but its work method 'Process(string)' {NotABatch}"));

    [Theory]
    [InlineData("public IReadOnlyList<int> Process(string input) => [input.Length];", "Process(string)")]
    [InlineData("public int Process(IReadOnlyList<string> inputs) => inputs.Count;", "Process(IReadOnlyList<string>)")]
    [InlineData("public IEnumerable<int> Process(IReadOnlyList<string> inputs) => [inputs.Count];", "Process(IReadOnlyList<string>)")]
    [InlineData("public List<int> Process(List<string> inputs) => [inputs.Count];", "Process(List<string>)")]
    public Task FCT0016_fires_when_the_work_method_does_not_both_take_and_return_a_list(string method, string display) => VerifyAnalyzerAsync(
        $$"""
        using System.Collections.Generic;
        using Factory;

        [Station({|#0:BatchSize = 8|})]
        public sealed partial class Embed
        {
            {{method}}
        }
        """,
        Diagnostic("FCT0016").WithLocation(0).WithMessage($"Station 'Embed' has BatchSize, but its work method '{display}' {NotABatch}"));

    [Theory]
    [InlineData("public IReadOnlyList<int> Process(IReadOnlyList<string> inputs) => [inputs.Count];")]
    [InlineData("public Task<IReadOnlyList<int>> ProcessAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<int>>([inputs.Count]);")]
    [InlineData("public ValueTask<IReadOnlyList<int>> ProcessAsync(IReadOnlyList<string> inputs, StationContext context) => ValueTask.FromResult<IReadOnlyList<int>>([inputs.Count]);")]
    public Task FCT0016_and_FCT0017_are_silent_on_a_batch_work_method_with_BatchSize(string method) => VerifyAnalyzerAsync(
        $$"""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        [Station(BatchSize = 8, BatchWaitMs = 20)]
        public sealed partial class Embed
        {
            {{method}}
        }
        """);

    [Fact]
    public Task FCT0016_is_silent_when_the_work_method_is_reported_already() => VerifyAnalyzerAsync(
        """
        using Factory;

        [Station(BatchSize = 8)]
        public sealed partial class Embed
        {
            public static int {|#0:Process|}(string input) => input.Length;
        }
        """,
        Diagnostic("FCT0008").WithLocation(0).WithMessage("The work method 'Process(string)' of station 'Embed' is not a supported shape: it is static; the work method must be an instance method"));

    [Theory]
    [InlineData("Station")]
    [InlineData("Station(BatchWaitMs = 20)")]
    public Task FCT0017_fires_on_a_batch_work_method_without_BatchSize(string attribute) => VerifyAnalyzerAsync(
        $$"""
        using System.Collections.Generic;
        using Factory;

        [{{attribute}}]
        public sealed partial class Embed
        {
            public IReadOnlyList<int> {|#0:Process|}(IReadOnlyList<string> inputs) => [inputs.Count];
        }
        """,
        Diagnostic("FCT0017").WithLocation(0).WithMessage("The work method 'Process(IReadOnlyList<string>)' of station 'Embed' takes and returns lists, but the station has no BatchSize; add BatchSize to [Station]"));

    [Theory]
    [InlineData("{|#0:BatchSize = 0|}", "BatchSize", "0", "it must be at least 1")]
    [InlineData("{|#0:BatchSize = -2|}, BatchWaitMs = 10", "BatchSize", "-2", "it must be at least 1")]
    [InlineData("BatchSize = 4, {|#0:BatchWaitMs = -1|}", "BatchWaitMs", "-1", "it must not be negative")]
    public Task FCT0005_fires_on_a_batch_option_out_of_range(string arguments, string option, string value, string rule) => VerifyAnalyzerAsync(
        $$"""
        using System.Collections.Generic;
        using Factory;

        [Station({{arguments}})]
        public sealed partial class Embed
        {
            public IReadOnlyList<int> Process(IReadOnlyList<string> inputs) => [inputs.Count];
        }
        """,
        Diagnostic("FCT0005").WithLocation(0).WithMessage($"Station 'Embed' has {option} = {value}; {rule}"));

    [Theory]
    [InlineData("BatchSize = 1")]
    [InlineData("BatchSize = 1, BatchWaitMs = 0")]
    [InlineData("BatchSize = 64, BatchWaitMs = 250")]
    public Task FCT0005_is_silent_on_batch_options_in_range(string arguments) => VerifyAnalyzerAsync(
        $$"""
        using System.Collections.Generic;
        using Factory;

        [Station({{arguments}})]
        public sealed partial class Embed
        {
            public IReadOnlyList<int> Process(IReadOnlyList<string> inputs) => [inputs.Count];
        }
        """);

    [Fact]
    public Task A_batch_station_is_a_step_of_its_item_types() => VerifyAnalyzerAsync(
        """
        using System.Collections.Generic;
        using Factory;

        [Station] public sealed partial class Shout { public string Process(string input) => input.ToUpperInvariant(); }

        [Station(BatchSize = 16)]
        public sealed partial class Embed
        {
            public IReadOnlyList<int> Process(IReadOnlyList<string> inputs) => [inputs.Count];
        }

        [Line]
        [Step<Shout>]
        [Step<Embed>]
        [{|#0:Step<Shout>|}]
        public sealed partial class Pipeline;
        """,
        Diagnostic("FCT0001").WithLocation(0).WithMessage("Step 'Shout' of line 'Pipeline' takes 'string', but the previous step 'Embed' gives 'int'"));
}
