using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Factory;
using Xunit;

namespace Factory.Tests;

public sealed partial class SmokeTests
{
    [Fact]
    public async Task Runs_a_three_station_line()
    {
        var line = new Triple(new AddOne(), new Twice(), new Show());
        var results = new List<string>();
        await foreach (string item in line.RunAsync(Enumerable.Range(0, 1000)))
        {
            results.Add(item);
        }

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => ((i + 1) * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)), results);
    }
}

[Station]
public sealed partial class AddOne
{
    public int Process(int input) => input + 1;
}

[Station]
public sealed partial class Twice
{
    public int Process(int input) => input * 2;
}

[Station]
public sealed partial class Show
{
    public string Process(int input) => input.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

[Line]
[Step<AddOne>]
[Step<Twice>]
[Step<Show>]
public sealed partial class Triple;
