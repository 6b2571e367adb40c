using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Tests;

public sealed class DurationHistogramTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(999)]
    [InlineData(1_000)]
    [InlineData(65_537)]
    [InlineData(10_000_000)]
    [InlineData(3_600_000_000)]
    public void A_percentile_is_at_most_a_quarter_above_the_duration_and_never_below_it(long micros)
    {
        var histogram = new DurationHistogram();
        histogram.Record(TimeSpan.FromMicroseconds(micros));
        long read = (long)histogram.Percentile(0.95)!.Value.TotalMicroseconds;
        Assert.InRange(read, micros, micros < 8 ? micros : micros + (micros / 4));
    }

    [Fact]
    public void The_p95_of_a_hundred_attempts_is_the_slow_one_only_when_more_than_five_are_slow()
    {
        var five = new DurationHistogram();
        var six = new DurationHistogram();
        foreach (int i in Enumerable.Range(0, 100))
        {
            five.Record(TimeSpan.FromMilliseconds(i < 95 ? 1 : 100));
            six.Record(TimeSpan.FromMilliseconds(i < 94 ? 1 : 100));
        }

        Assert.InRange(five.Percentile(0.95)!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1.25));
        Assert.InRange(six.Percentile(0.95)!.Value, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(125));
        Assert.Null(new DurationHistogram().Percentile(0.95));
    }

    [Fact]
    public void Its_text_reads_back_and_histograms_add_up()
    {
        var one = new DurationHistogram();
        var two = new DurationHistogram();
        one.Record(TimeSpan.FromMilliseconds(2));
        two.Record(TimeSpan.FromSeconds(3));
        two.Record(TimeSpan.FromSeconds(3));
        DurationHistogram read = DurationHistogram.Parse(two.ToString());
        read.Add(one);
        Assert.Equal(3, read.Count);
        Assert.Equal(two.Percentile(0.5), read.Percentile(0.95));
        Assert.Equal(one.Percentile(1), read.Percentile(0.3));

        FormatException bad = Assert.Throws<FormatException>(() => DurationHistogram.Parse("12:3,999:1"));
        Assert.Contains("'999:1'", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recording_from_many_threads_loses_no_count()
    {
        var histogram = new DurationHistogram();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 50_000; i++)
            {
                histogram.Record(TimeSpan.FromMicroseconds(i));
            }
        })));
        Assert.Equal(200_000, histogram.Count);
    }
}
