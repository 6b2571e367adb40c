using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

public sealed class LineTests
{
    [Fact]
    public async Task A_line_runs_its_stations_in_step_order()
    {
        var line = new Triple(new AddOne(), new Twice(), new Show());

        var outputs = await line.RunAsync(Enumerable.Range(0, 1_000)).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => ((i + 1) * 2).ToString(CultureInfo.InvariantCulture)), outputs);
    }

    [Fact]
    public Task RunAsync_over_a_quick_line_gives_every_output_once_and_in_order() =>
        Task.Run(async () =>
        {
            // Off the test framework's synchronization context, so the caller's loop may run the
            // line's worker itself whenever the exit runs empty (the way RunAsync is mostly used).
            var line = new Arithmetic(new AddOne(), new Twice(), new Negate());
            const int count = 100_000;
            int expected = 0;

            await foreach (int output in line.RunAsync(Enumerable.Range(0, count)))
            {
                Assert.Equal(-((expected + 1) * 2), output);
                expected++;
            }

            Assert.Equal(count, expected);
        });

    [Fact]
    public async Task An_enumerator_of_RunAsync_gives_nothing_once_disposed()
    {
        var line = new Arithmetic(new AddOne(), new Twice(), new Negate());
        IAsyncEnumerator<int> unstarted = line.RunAsync(Enumerable.Range(0, 10)).GetAsyncEnumerator();
        IAsyncEnumerator<int> started = line.RunAsync(Enumerable.Range(0, 10)).GetAsyncEnumerator();
        Assert.True(await started.MoveNextAsync());

        await unstarted.DisposeAsync();
        await started.DisposeAsync();

        Assert.False(await unstarted.MoveNextAsync());
        Assert.False(await started.MoveNextAsync());
    }

    [Fact]
    public async Task RunAsync_takes_an_asynchronous_sequence()
    {
        var line = new Arithmetic(new AddOne(), new Twice(), new Negate());

        var outputs = await line.RunAsync(Numbers(100)).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 100).Select(i => -((i + 1) * 2)), outputs);

        static async System.Collections.Generic.IAsyncEnumerable<int> Numbers(int count)
        {
            for (int i = 0; i < count; i++)
            {
                await Task.Yield();
                yield return i;
            }
        }
    }

    [Fact]
    public async Task The_report_counts_every_station()
    {
        var line = new Triple(new AddOne(), new Twice(), new Show());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), Enumerable.Range(0, 500));

        Assert.Equal(500, outputs.Count);
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(new[] { "AddOne", "Twice", "Show" }, report.Stations.Select(s => s.Name));
        Assert.All(report.Stations, s => Assert.Equal((500L, 500L, 0L), (s.In, s.Out, s.DeadLettered)));
        Assert.Equal(500, report.In);
        Assert.Equal(500, report.Out);
        Assert.True(report.Duration > System.TimeSpan.Zero);
    }

    [Fact]
    public async Task An_empty_input_completes_with_nothing()
    {
        var line = new Triple(new AddOne(), new Twice(), new Show());

        var outputs = await line.RunAsync(Enumerable.Empty<int>()).ToListAsync();

        Assert.Empty(outputs);
    }

    [Fact]
    public async Task A_nested_line_runs_inline()
    {
        var line = new Nesting(new AddOne(), new Quadruple(new Twice(), new Twice()), new Show());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), Enumerable.Range(0, 50));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => ((i + 1) * 4).ToString(CultureInfo.InvariantCulture)), outputs);
        Assert.Equal(new[] { "AddOne", "Quadruple/Twice", "Quadruple/Twice", "Show" }, report.Stations.Select(s => s.Name));
    }

    [Fact]
    public async Task One_material_in_gives_many_out_with_parent_ids()
    {
        var witness = new Witness();
        var line = new RepeatLine(new Repeat(), witness);

        var outputs = await line.RunAsync(new[] { 1, 0, 3 }).ToListAsync();

        Assert.Equal(new[] { 1, 3, 3, 3 }, outputs);
        var seen = witness.Seen.ToArray();
        Assert.Equal(4, seen.Select(s => s.Id).Distinct().Count());
        Assert.Single(seen, s => s.Sequence == 0 && s.Parent != 0 && seen.Count(x => x.Parent == s.Parent) == 1);
        Assert.Equal(new long[] { 0, 1, 2 }, seen.Skip(1).Select(s => s.Sequence));
        Assert.Single(seen.Skip(1).Select(s => s.Parent).Distinct());
        Assert.DoesNotContain(seen, s => s.Id == s.Parent);
    }

    [Fact]
    public async Task A_split_that_yields_nothing_filters()
    {
        var line = new EvensLine(new EvensOnly());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), Enumerable.Range(0, 10));

        Assert.Equal(new[] { 0, 2, 4, 6, 8 }, outputs);
        Assert.Equal((10L, 5L), (report.Stations[0].In, report.Stations[0].Out));
    }

    [Fact]
    public async Task An_asynchronous_split_streams_its_items()
    {
        var line = new CountDownLine(new CountDown());

        var outputs = await line.RunAsync(new[] { 3, 2 }).ToListAsync();

        Assert.Equal(new[] { 3, 2, 1, 2, 1 }, outputs);
    }

    [Fact]
    public async Task A_retried_split_emits_only_the_successful_attempt()
    {
        var line = new SplitRetryLine(new SplitThenFail());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), new[] { 1, 2 });

        Assert.Equal(new[] { 1, 1001, 2, 1002 }, outputs);
        Assert.Equal(2, report.Stations[0].Retries);
    }
}
