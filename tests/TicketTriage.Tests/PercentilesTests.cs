using System;
using System.Linq;
using TicketTriage.Reporting;
using Xunit;

namespace TicketTriage.Tests;

/// <summary>The exact (nearest-rank) percentiles the station table shows, on values whose answer is known.</summary>
public sealed class PercentilesTests
{
    [Theory]
    [InlineData(50, 50)]
    [InlineData(95, 95)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(1, 1)]
    [InlineData(0.5, 1)]
    [InlineData(50.1, 51)]
    public void Of_one_to_a_hundred_the_pth_percentile_is_p_rounded_up(double percent, double expected)
    {
        double[] values = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

        Assert.Equal(expected, Percentiles.NearestRank(values, percent));
    }

    [Fact]
    public void Of_a_few_values_it_is_always_one_of_them_never_an_interpolation()
    {
        double[] four = [1, 2, 3, 4];
        Assert.Equal(2, Percentiles.NearestRank(four, 50));
        Assert.Equal(4, Percentiles.NearestRank(four, 95));
        Assert.Equal(1, Percentiles.NearestRank(four, 25));
        Assert.Equal(2, Percentiles.NearestRank(four, 25.01));

        double[] ten = [0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.010];
        Assert.Equal(0.005, Percentiles.NearestRank(ten, 50));
        Assert.Equal(0.010, Percentiles.NearestRank(ten, 95));
        Assert.Equal(0.009, Percentiles.NearestRank(ten, 90));

        double[] one = [7.5];
        Assert.Equal(7.5, Percentiles.NearestRank(one, 50));
        Assert.Equal(7.5, Percentiles.NearestRank(one, 95));
    }

    [Fact]
    public void Ninety_five_percent_of_twenty_values_is_the_nineteenth_despite_floating_point()
    {
        // 0.95 * 20 is 19.000000000000004 in doubles: a plain ceiling would give the 20th.
        double[] values = Enumerable.Range(1, 20).Select(i => (double)i).ToArray();

        Assert.Equal(19, Percentiles.NearestRank(values, 95));
        Assert.Equal(10, Percentiles.NearestRank(values, 50));
    }

    [Fact]
    public void Ties_and_skew_are_read_by_rank()
    {
        // 90 fast attempts and 10 slow ones: the median is fast, the p95 slow.
        double[] values = [.. Enumerable.Repeat(0.000_002, 90), .. Enumerable.Repeat(0.5, 10)];

        Assert.Equal(0.000_002, Percentiles.NearestRank(values, 50));
        Assert.Equal(0.000_002, Percentiles.NearestRank(values, 90));
        Assert.Equal(0.5, Percentiles.NearestRank(values, 95));
    }

    [Fact]
    public void No_values_give_nan_and_a_percent_outside_zero_to_a_hundred_is_refused()
    {
        Assert.True(double.IsNaN(Percentiles.NearestRank(ReadOnlySpan<double>.Empty, 50)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank(new double[] { 1 }, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank(new double[] { 1 }, 100.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank(new double[] { 1 }, double.NaN));
    }

    [Theory]
    [InlineData(0.000_009, "µs", "9.0")]
    [InlineData(0.009_5, "µs", "9,500.0")]
    [InlineData(0.012, "ms", "12.0")]
    [InlineData(12.5, "s", "12.5")]
    public void A_table_shows_its_latencies_in_the_unit_its_slowest_p95_fits(double slowest, string unit, string shown)
    {
        StationTable.LatencyUnit chosen = StationTable.LatencyUnit.For([0.000_001, slowest, double.NaN]);

        Assert.Equal(unit, chosen.Name);
        Assert.Equal(shown, chosen.Format(slowest));
        Assert.Equal("-", chosen.Format(double.NaN));
    }
}
