using System.Linq;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Factory.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task The_generated_extension_registers_lines_and_stations()
    {
        using ServiceProvider services = new ServiceCollection().AddFactoryTestsFactory().BuildServiceProvider();

        ILine<int, string> line = services.GetServices<ILine<int, string>>().OfType<Triple>().Single();
        var outputs = await line.RunAsync(new[] { 1, 2 }).ToListAsync();

        Assert.Contains(services.GetServices<ILine<int, string>>(), l => l is Nesting);
        Assert.NotNull(services.GetRequiredService<AddOne>());
        Assert.Equal(new[] { "4", "6" }, outputs);
    }

    [Fact]
    public void Registrations_made_first_win()
    {
        var mine = new Twice();
        using ServiceProvider services = new ServiceCollection().AddSingleton(mine).AddFactoryTestsFactory().BuildServiceProvider();

        Assert.Same(mine, services.GetRequiredService<Twice>());
    }
}
