using System;
using System.Linq;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

public sealed class GatherTests
{
    [Fact]
    public async Task A_gather_receives_every_child_of_a_parent_in_split_order()
    {
        var line = new GatherLine(new SplitWords(), new SlowUpper(), new JoinWords());
        string[] sentences = Enumerable.Range(0, 50).Select(i => $"one two three four five six {i}").ToArray();

        var outputs = await line.RunAsync(sentences).ToListAsync();

        Assert.Equal(
            sentences.Select(s => s.ToUpperInvariant() + "|expected 7|missing 0").Order(StringComparer.Ordinal),
            outputs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_child_that_dead_letters_is_reported_missing()
    {
        var line = new GatherLine(new SplitWords(), new SlowUpper(), new JoinWords());

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), new[] { "good bad fine" });

        Assert.Equal(new[] { "GOOD FINE|expected 3|missing 1" }, outputs);
        Assert.Equal("bad", Assert.Single(report.DeadLetters).Input);
    }

    [Fact]
    public async Task A_split_that_gives_nothing_gathers_an_empty_group()
    {
        var line = new GatherLine(new SplitWords(), new SlowUpper(), new JoinWords());

        var outputs = await line.RunAsync(new[] { "   ", "a" }).ToListAsync();

        Assert.Equal(new[] { "A|expected 1|missing 0", "|expected 0|missing 0" }, outputs.Order(StringComparer.Ordinal));
    }
}
