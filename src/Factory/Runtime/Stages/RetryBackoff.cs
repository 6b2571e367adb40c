using System;

namespace Factory.Runtime;

/// <summary>
/// The delay before a retry: the station's <c>BackoffMs</c> after the first failed attempt, doubling
/// after each next one, with ±20% jitter so that materials failing together do not all retry together;
/// five minutes at the most. The same in process and for a transport's worker.
/// </summary>
internal static class RetryBackoff
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(5);

    public static TimeSpan After(int backoffMs, int failedAttempt)
    {
        if (backoffMs <= 0)
        {
            return TimeSpan.Zero;
        }

        double doubled = backoffMs * Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        double jittered = doubled * (0.8 + (0.4 * Random.Shared.NextDouble()));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, Longest.TotalMilliseconds));
    }
}
