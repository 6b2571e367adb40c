using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

public sealed class ModelUsageTests
{
    [Fact]
    public async Task Model_usage_reaches_the_report_and_the_provenance_records()
    {
        var observer = new Executions();
        var line = new ModelLine(new FakeModelCall());

        var (_, report) = await Collect.RunToEndAsync(line.Start(new RunOptions { Observers = [observer] }), Enumerable.Range(0, 5));

        Assert.Equal((50L, 10L, 0.05m), (report.Stations[0].InputTokens, report.Stations[0].OutputTokens, report.Stations[0].Cost));
        Assert.Equal(60, report.Tokens);
        Assert.Equal(0.05m, report.Cost);
        Assert.Equal(5, observer.Seen.Count);
        Assert.All(observer.Seen, e => Assert.Equal(("small-model", 10L, 2L, 0.01m), (e.Model!, e.InputTokens, e.OutputTokens, e.Cost)));
    }

    [Fact]
    public async Task An_observer_that_throws_fails_the_run_naming_it_instead_of_failing_a_station()
    {
        var line = new ModelLine(new FakeModelCall());
        LineRun<int, int> run = line.Start(new RunOptions { Observers = [new Throws()] });
        await run.Input.WriteAsync(1);
        run.Input.Complete();

        var failure = await Assert.ThrowsAsync<System.InvalidOperationException>(() => run.Completion.WaitAsync(System.TimeSpan.FromSeconds(5)));

        Assert.Contains(typeof(Throws).FullName!, failure.Message, System.StringComparison.Ordinal);
        Assert.Empty(run.DeadLetters);
    }

    [Fact]
    public async Task An_output_counts_as_delivered_only_once_the_consumer_takes_it()
    {
        var deliveries = new Deliveries();
        var line = new Triple(new AddOne(), new Twice(), new Show());
        LineRun<int, string> run = line.Start(new RunOptions { Observers = [deliveries] });
        for (int i = 0; i < 5; i++)
        {
            await run.Input.WriteAsync(i);
        }

        Assert.Equal("2", await run.Output.ReadAsync());
        while (run.Stations[2].Out < 5)
        {
            await Task.Delay(5);
        }

        // Four outputs wait at the exit, untaken: a run stopped now must leave them not done.
        Assert.Equal(1, deliveries.Count);
        run.Cancel();
        LineReport report = await run.Completion.WaitAsync(System.TimeSpan.FromSeconds(5));
        Assert.Equal(LineOutcome.Cancelled, report.Outcome);
        Assert.Equal(1, deliveries.Count);
    }

    private sealed class Deliveries : RunObserver
    {
        private int count;

        public int Count => System.Threading.Volatile.Read(ref count);

        public override void Delivered(in MaterialInfo material) => System.Threading.Interlocked.Increment(ref count);
    }

    private sealed class Throws : RunObserver
    {
        public override void Executed(in StationExecution execution) => throw new System.IO.IOException("disk full");
    }

    private sealed class Executions : RunObserver
    {
        public ConcurrentBag<StationExecution> Seen { get; } = [];

        public override void Executed(in StationExecution execution) => Seen.Add(execution);
    }
}
