using System;

namespace TicketTriage.Reporting;

/// <summary>Exact percentiles of recorded values.</summary>
public static class Percentiles
{
    /// <summary>
    /// The nearest-rank percentile of <paramref name="sorted"/> (ascending): the smallest recorded
    /// value with at least <paramref name="percent"/>% of the values at or below it, that is the value
    /// at rank ⌈percent/100 × n⌉ (at least 1). It is always one of the values, never an interpolation:
    /// the p50 of 1, 2, 3, 4 is 2 and its p95 is 4. NaN when there are no values.
    /// </summary>
    public static double NearestRank(ReadOnlySpan<double> sorted, double percent)
    {
        if (percent is <= 0 or > 100 || double.IsNaN(percent))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile is more than 0 and at most 100.");
        }

        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        // Rounded first so that 95% of 20 values is rank 19, not 20 through floating-point error.
        long rank = (long)Math.Ceiling(Math.Round(percent / 100 * sorted.Length, 9));
        return sorted[(int)Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
