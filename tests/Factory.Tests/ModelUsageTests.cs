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
        Assert.All(observer.Seen, e => Assert.Equal(("small-model", 10L, 2L), (e.Model!, e.InputTokens, e.OutputTokens)));
    }

    private sealed class Executions : RunObserver
    {
        public ConcurrentBag<StationExecution> Seen { get; } = [];

        public override void Executed(in StationExecution execution) => Seen.Add(execution);
    }
}
