using System;

namespace Factory.Quality;

/// <summary>
/// The Wilson score interval of a proportion: unlike the normal approximation, it stays within [0, 1]
/// and is honest for small counts and for rates near 0 (no defects in 20 inspected is not a rate of 0 ± 0).
/// </summary>
/// <param name="Low">The lower bound.</param>
/// <param name="High">The upper bound.</param>
public readonly record struct WilsonInterval(double Low, double High)
{
    /// <summary>The two-sided 95% normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The interval of <paramref name="successes"/> in <paramref name="trials"/> at quantile <paramref name="z"/> (95% by default); [0, 1] for no trials.</summary>
    public static WilsonInterval Of(long successes, long trials, double z = Z95)
    {
        if (trials < 0 || successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), $"{successes} of {trials} is not a proportion.");
        }

        if (trials == 0)
        {
            return new WilsonInterval(0, 1);
        }

        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double center = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        double half = z / (1 + (z2 / n)) * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return new WilsonInterval(Math.Max(0, center - half), Math.Min(1, center + half));
    }
}
