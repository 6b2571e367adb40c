using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

/// <summary>
/// One attempt, whatever the station: a material's station and a batch station record, time out,
/// retry and dead-letter by the same rules (the runtime's <c>Attempts</c>).
/// </summary>
public sealed class AttemptTests
{
    [Theory]
    [InlineData("station")]
    [InlineData("batch")]
    public async Task A_TimeoutException_a_station_throws_itself_is_a_failed_attempt_not_a_timed_out_one(string shape)
    {
        var observer = new Executions();
        var options = new RunOptions { Observers = [observer] };
        LineRun<int, int> run = shape == "batch" ? new OwnTimeoutBatchLine(new OwnTimeoutBatch()).Start(options) : new OwnTimeoutLine(new OwnTimeout()).Start(options);

        var (outputs, report) = await Collect.RunToEndAsync(run, new[] { 1, 2 });

        Assert.Empty(outputs);
        Assert.Equal(2, report.DeadLetters.Count);
        Assert.Equal([ExecutionOutcome.Failed, ExecutionOutcome.Failed], observer.Seen.Select(e => e.Outcome));
        Assert.All(observer.Seen, e => Assert.Equal(typeof(TimeoutException).FullName, e.ExceptionType));
    }

    [Fact]
    public async Task A_batch_that_breaks_its_contract_records_a_failed_attempt_for_each_of_its_materials()
    {
        var observer = new Executions();
        var line = new ShortBatchLine(new ShortBatch());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(new RunOptions { Observers = [observer] }), new[] { 1, 2, 3, 11, 12, 13 });

        Assert.Equal([1, 2, 3], outputs);
        Assert.Equal(3, report.DeadLetters.Count);
        Dictionary<long, StationExecution> bySequence = observer.Seen.ToDictionary(e => e.Material.Sequence);
        Assert.Equal([0, 1, 2, 3, 4, 5], bySequence.Keys.Order());
        Assert.All(bySequence.Where(e => e.Key < 3), e => Assert.Equal(ExecutionOutcome.Succeeded, e.Value.Outcome));
        Assert.All(bySequence.Where(e => e.Key >= 3), e => Assert.Equal((ExecutionOutcome.Failed, typeof(InvalidOperationException).FullName), (e.Value.Outcome, e.Value.ExceptionType)));
    }

    [Fact]
    public async Task A_batch_attempt_let_go_of_after_its_timeout_gives_nothing_to_the_next_attempt()
    {
        var line = new LateBatchLine(new LateBatch());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), new[] { 1, 2 });

        Assert.Equal([1, 2], outputs);
        Assert.Empty(report.DeadLetters);
        Assert.Equal(1, report.Stations[0].Retries);
    }

    private sealed class Executions : RunObserver
    {
        public ConcurrentQueue<StationExecution> Seen { get; } = [];

        public override void Executed(in StationExecution execution) => Seen.Enqueue(execution);
    }
}
