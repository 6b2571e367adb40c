using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Factory.RabbitMQ.Tests;

/// <summary>
/// A material that makes its worker's process exit, among 3,000 that travel a material a message to three workers
/// that each hold 16 deliveries at once: when the poison's worker dies, the 15 others it held come back counted too.
/// Brittle's delivery limit is 1, so a material counted twice would be a dead letter.
/// </summary>
public sealed class SuspectTests(ITestOutputHelper output) : PoisonRun(output, "fragile-single", Poison.Single)
{
    private const int Materials = 3_000;

    [Fact]
    public async Task A_material_that_makes_its_worker_exit_takes_none_of_the_materials_its_worker_held_with_it()
    {
        Figures figures = await RunAsync(Materials);
        AssertOnlyThePoisonIsLost(figures, Materials);

        // Once where it came first, once as a suspect.
        Assert.Equal(2, figures.Crashes);
    }
}
