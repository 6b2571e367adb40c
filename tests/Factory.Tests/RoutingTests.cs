using System;
using System.Linq;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

public sealed class RoutingTests
{
    [Fact]
    public async Task Materials_go_to_the_route_of_their_run_time_type_and_the_branches_merge()
    {
        var line = new ShapeLine(new MakeShape(), new DescribeCircle(), new SquareLine(new DescribeSquare(), new Shout()), new Shout());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), Enumerable.Range(0, 9));

        Assert.Equal(new[] { "CIRCLE 0", "CIRCLE 3", "CIRCLE 6", "SQUARE 1", "SQUARE 4", "SQUARE 7" }, outputs.Order());
        Assert.Equal(6, report.Out);
        Assert.Empty(report.DeadLetters);
    }

    [Fact]
    public async Task Routes_lose_nothing_at_volume_whether_the_routed_stations_worker_runs_them_or_a_router_task_does()
    {
        // Thousands of materials fill the branches' outboxes and belts many times over: in ShapeLine
        // the routes and their plain stations run in MakeShape's worker, in ParallelShapeLine (two
        // workers) on a router task reading a belt.
        const int count = 5_000;
        string[] expected = Enumerable.Range(0, count)
            .Where(i => i % 3 != 2)
            .Select(i => i % 3 == 0 ? $"CIRCLE {i}" : $"SQUARE {i}")
            .Order(StringComparer.Ordinal)
            .ToArray();
        var fused = new ShapeLine(new MakeShape(), new DescribeCircle(), new SquareLine(new DescribeSquare(), new Shout()), new Shout());
        var routerTask = new ParallelShapeLine(new MakeShapeInParallel(), new DescribeCircle(), new SquareLine(new DescribeSquare(), new Shout()), new Shout());

        var (fromFused, fusedReport) = await Collect.RunToEndAsync(fused.Start(), Enumerable.Range(0, count));
        var (fromRouterTask, routerTaskReport) = await Collect.RunToEndAsync(routerTask.Start(), Enumerable.Range(0, count));

        Assert.Equal(expected, fromFused.Order(StringComparer.Ordinal));
        Assert.Equal(expected, fromRouterTask.Order(StringComparer.Ordinal));
        Assert.All(new[] { fusedReport, routerTaskReport }, report =>
        {
            Assert.Equal(LineOutcome.Completed, report.Outcome);
            Assert.Equal(count - expected.Length, report.Discarded);
            Assert.Empty(report.DeadLetters);
        });
        Assert.Equal(
            fusedReport.Stations.Select(s => (s.In, s.Out, s.DeadLettered)),
            routerTaskReport.Stations.Select(s => (s.In, s.Out, s.DeadLettered)));
    }

    [Fact]
    public async Task A_discard_route_counts_and_records_what_it_drops()
    {
        var line = new ShapeLine(new MakeShape(), new DescribeCircle(), new SquareLine(new DescribeSquare(), new Shout()), new Shout());

        var (_, report) = await Collect.RunToEndAsync(line.Start(), Enumerable.Range(0, 9));

        Assert.Equal(3, report.Discarded);
        Assert.All(report.Discards, d => Assert.Equal(DiscardedMaterial.DiscardedByRoute, d.Reason));
        Assert.All(report.Discards, d => Assert.Equal("MakeShape", d.Station));
        Assert.All(report.Discards, d => Assert.Equal("Factory.Tests.Stations.Blob", d.CaseType));
        Assert.Equal(new[] { 2, 5, 8 }, report.Discards.Select(d => ((Blob)d.Value!).Id).Order());
        Assert.Equal(0, report.DeadLettered);
    }

    [Fact]
    public async Task The_first_matching_route_wins()
    {
        var line = new FirstMatchLine(new MakeShape(), new DescribeCircle(), new DescribeAny());

        var outputs = await line.RunAsync(Enumerable.Range(0, 6)).ToListAsync();

        Assert.Equal(new[] { "circle 0", "circle 3", "shape 1", "shape 2", "shape 4", "shape 5" }, outputs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_type_no_route_takes_becomes_a_dead_letter_naming_it()
    {
        var line = new ErrorLine(new MakeError(), new DescribeError(), new DescribeError());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), Enumerable.Range(0, 6));

        Assert.Equal(4, outputs.Count);
        Assert.Equal(2, report.DeadLetters.Count);
        DeadLetter letter = report.DeadLetters.OrderBy(d => d.MaterialId).First();
        Assert.Equal("no route for type System.FormatException", letter.Message);
        Assert.Equal(typeof(NoRouteException).FullName, letter.ExceptionType);
        Assert.Equal("MakeError", letter.Station);
        Assert.IsType<FormatException>(letter.Input);
    }

    [Fact]
    public void The_descriptor_and_Mermaid_show_the_routes()
    {
        LineDescriptor shapes = ShapeLine.Descriptor;

        Assert.Equal(new[] { "MakeShape", "DescribeCircle", "SquareLine/DescribeSquare", "SquareLine/Shout", "Shout" }, shapes.Stations.Select(s => s.Path));
        Assert.Equal(
            new[] { ("Factory.Tests.Stations.Circle", 1), ("Factory.Tests.Stations.Square", 2), ("Factory.Tests.Stations.Blob", -1) },
            shapes.Routes.Select(r => (r.CaseType, r.To)));
        Assert.Contains(shapes.Edges, e => e.From == 1 && e.To == 4);
        Assert.Contains(shapes.Edges, e => e.From == 3 && e.To == 4);
        Assert.Contains("s0 -->|Circle| s1", ShapeLine.Mermaid, StringComparison.Ordinal);
        Assert.Contains("s0 -->|Blob| discard", ShapeLine.Mermaid, StringComparison.Ordinal);
        Assert.Equal("string", shapes.OutputType);
    }
}
