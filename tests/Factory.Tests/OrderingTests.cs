using System.Linq;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

public sealed class OrderingTests
{
    [Fact]
    public async Task Parallel_workers_keep_input_order()
    {
        var line = new OrderedLine(new Jitter(maxDelayMs: 5, seed: 42));

        var outputs = await line.RunAsync(Enumerable.Range(0, 400)).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 400), outputs);
    }

    [Fact]
    public async Task Unordered_workers_lose_nothing()
    {
        var line = new UnorderedLine(new UnorderedJitter(maxDelayMs: 3));

        var outputs = await line.RunAsync(Enumerable.Range(0, 400)).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 400), outputs.Order());
    }

    [Fact]
    public async Task Parallel_workers_run_at_once()
    {
        var station = new Jitter(maxDelayMs: 20, seed: 7);
        var line = new OrderedLine(station);

        var outputs = await line.RunAsync(Enumerable.Range(0, 80)).ToListAsync();

        Assert.Equal(80, outputs.Count);
        Assert.Equal(4, station.MaxInFlight);
    }
}
