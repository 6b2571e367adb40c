using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Factory.RabbitMQ.Tests;

/// <summary>
/// A material that makes its worker's process exit, among 10,000: three workers, each one delivery at a time (of up
/// to 64 materials); Brittle's delivery limit is 1, and a pack given again goes to the suspects a material a message.
/// </summary>
public sealed class PoisonTests(ITestOutputHelper output) : PoisonRun(output, "fragile", Poison.Topology)
{
    private const int Materials = 10_000;

    [Fact]
    public async Task A_material_that_makes_its_worker_exit_is_exactly_one_delivery_limit_dead_letter_with_no_innocent_victims()
    {
        Figures figures = await RunAsync(Materials);
        AssertOnlyThePoisonIsLost(figures, Materials);

        // Once with its pack, once as a suspect (alone): then one past Brittle's limit of 1.
        Assert.Equal(2, figures.Crashes);
    }
}
