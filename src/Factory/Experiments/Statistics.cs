using System;
using System.Collections.Generic;

namespace Factory.Experiments;

/// <summary>The paired tests an experiment reports: McNemar's exact test and a seeded bootstrap.</summary>
public static class Statistics
{
    /// <summary>
    /// McNemar's exact two-sided p-value for paired right/wrong outcomes: <paramref name="onlyA"/> inputs
    /// only A got right, <paramref name="onlyB"/> only B did. Under "equally good" each discordant pair
    /// is a fair coin, so p = min(1, 2 · P(Binomial(n, ½) ≤ min)).
    /// </summary>
    public static double McNemar(int onlyA, int onlyB)
    {
        if (onlyA < 0 || onlyB < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(onlyA), "Discordant counts cannot be negative.");
        }

        int n = onlyA + onlyB;
        if (n == 0)
        {
            return 1;
        }

        // In logs: the binomial coefficients of a few thousand pairs overflow a double.
        int k = Math.Min(onlyA, onlyB);
        double logHalf = n * Math.Log(0.5);
        double tail = 0;
        double logChoose = 0;
        for (int i = 0; i <= k; i++)
        {
            if (i > 0)
            {
                logChoose += Math.Log(n - i + 1) - Math.Log(i);
            }

            tail += Math.Exp(logChoose + logHalf);
        }

        return Math.Min(1, 2 * tail);
    }

    /// <summary>
    /// The 95% percentile bootstrap interval of the mean of <paramref name="differences"/> (B − A per
    /// input), from <paramref name="resamples"/> resamples drawn with <paramref name="seed"/>: the same
    /// seed gives the same interval.
    /// </summary>
    public static (double Low, double High) BootstrapMean(IReadOnlyList<double> differences, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(differences);
        if (differences.Count == 0)
        {
            return (0, 0);
        }

        var random = new Random(seed);
        var means = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (int i = 0; i < differences.Count; i++)
            {
                sum += differences[random.Next(differences.Count)];
            }

            means[r] = sum / differences.Count;
        }

        Array.Sort(means);
        return (means[(int)Math.Floor(0.025 * (resamples - 1))], means[(int)Math.Ceiling(0.975 * (resamples - 1))]);
    }

    /// <summary>The <paramref name="q"/> quantile (nearest rank) of <paramref name="values"/>; 0 for none.</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = new double[values.Count];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = values[i];
        }

        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>
    /// A distribution-free 95% interval of the <paramref name="q"/> quantile of <paramref name="values"/>:
    /// the order statistics whose ranks are nq ∓ 1.96·√(nq(1 − q)) (the binomial count of values below the
    /// true quantile, in its normal approximation), clamped to the smallest and largest value; (0, 0) for none.
    /// </summary>
    public static (double Low, double High) QuantileInterval(IReadOnlyList<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return (0, 0);
        }

        var sorted = new double[values.Count];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = values[i];
        }

        Array.Sort(sorted);
        double n = sorted.Length;
        double half = Quality.WilsonInterval.Z95 * Math.Sqrt(n * q * (1 - q));
        int low = Math.Clamp((int)Math.Floor((n * q) - half), 1, sorted.Length);
        int high = Math.Clamp((int)Math.Ceiling((n * q) + half), 1, sorted.Length);
        return (sorted[low - 1], sorted[high - 1]);
    }
}
