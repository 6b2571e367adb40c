using System;

namespace Factory.Runtime;

/// <summary>Retry delays: the first is the station's <c>BackoffMs</c>, each next one doubles, all with ±20% jitter.</summary>
internal static class Backoff
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(5);

    public static TimeSpan Delay(int backoffMs, int failedAttempt)
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
