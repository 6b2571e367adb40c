using System.Linq;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

public sealed class DescriptorTests
{
    [Fact]
    public void A_station_describes_itself()
    {
        StationDescriptor flaky = Flaky.Descriptor;

        Assert.Equal("Flaky", flaky.Name);
        Assert.Equal("1", flaky.Version);
        Assert.Matches("^[0-9a-f]{16}$", flaky.CodeHash);
        Assert.Equal("1+" + flaky.CodeHash, flaky.FullVersion);
        Assert.NotEqual(flaky.CodeHash, Jitter.Descriptor.CodeHash);
        Assert.Equal("Factory.Tests.Stations.Flaky", flaky.TypeName);
        Assert.Equal("int", flaky.InputType);
        Assert.Equal(WorkShape.Sync, flaky.Shape);
        Assert.Equal(new StationOptions(MaxAttempts: 3, BackoffMs: 1), flaky.Options);
        Assert.Equal(WorkShape.Task, Jitter.Descriptor.Shape);
        Assert.Equal(WorkShape.ValueTask, Gate.Descriptor.Shape);
        Assert.Equal(WorkShape.Enumerable, Repeat.Descriptor.Shape);
        Assert.Equal(WorkShape.AsyncEnumerable, CountDown.Descriptor.Shape);
        Assert.Equal("Checker", FailsOn.Descriptor.Name);
        Assert.Same(Flaky.Descriptor, ((IStation<int, int>)new Flaky(_ => 0)).Station);
    }

    [Fact]
    public void A_line_describes_its_stations_and_edges()
    {
        LineDescriptor nesting = Nesting.Descriptor;

        Assert.Equal("Nesting", nesting.Name);
        Assert.Equal("int", nesting.InputType);
        Assert.Equal("string", nesting.OutputType);
        Assert.Equal(new[] { "AddOne", "Quadruple/Twice", "Quadruple/Twice", "Show" }, nesting.Stations.Select(s => s.Path));
        Assert.Equal(new[] { (0, 1), (1, 2), (2, 3) }, nesting.Edges.Select(e => (e.From, e.To)));
        Assert.Equal("3", nesting.Stations[3].Version);
    }

    [Fact]
    public void Requires_is_carried_into_the_line()
    {
        Assert.Equal(new[] { "tickets:read", "tickets:write" }, Permissions.Descriptor.Requires);
        Assert.Equal(new[] { "tickets:write", "tickets:read" }, Guarded.Descriptor.Requires);
    }

    [Fact]
    public void Mermaid_draws_the_line()
    {
        string expected = string.Join('\n',
            "flowchart LR",
            "    input([\"int\"])",
            "    s0[\"AddOne\"]",
            "    s1[\"Quadruple/Twice\"]",
            "    s2[\"Quadruple/Twice\"]",
            "    s3[\"Show\"]",
            "    output([\"string\"])",
            "    input --> s0",
            "    s0 -->|int| s1",
            "    s1 -->|int| s2",
            "    s2 -->|int| s3",
            "    s3 --> output",
            string.Empty);

        Assert.Equal(expected, Nesting.Mermaid);
    }
}

[Station(Requires = new[] { "tickets:write", "tickets:read" })]
public sealed partial class Guarded
{
    public int Process(int input) => input;
}

[Line]
[Step<Guarded>]
[Step<AddOne>]
public sealed partial class Permissions;
