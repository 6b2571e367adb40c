namespace Factory;

/// <summary>A station's run-time options, as written on its <see cref="StationAttribute"/>.</summary>
/// <param name="Parallelism">Workers.</param>
/// <param name="Capacity">Input buffer bound.</param>
/// <param name="Ordered">Keep input order when parallel.</param>
/// <param name="MaxAttempts">Attempts per material.</param>
/// <param name="BackoffMs">First retry delay.</param>
/// <param name="TimeoutMs">Time per attempt, 0 for none.</param>
/// <param name="BatchSize">Materials per call for a batch station; 0 for a station that takes one at a time.</param>
/// <param name="BatchWaitMs">How long a batch waits to fill after its first material.</param>
public sealed record StationOptions(
    int Parallelism = StationDefaults.Parallelism,
    int Capacity = StationDefaults.Capacity,
    bool Ordered = StationDefaults.Ordered,
    int MaxAttempts = StationDefaults.MaxAttempts,
    int BackoffMs = StationDefaults.BackoffMs,
    int TimeoutMs = StationDefaults.TimeoutMs,
    int BatchSize = StationDefaults.BatchSize,
    int BatchWaitMs = StationDefaults.BatchWaitMs)
{
    /// <summary>True when the station needs no retry or timeout handling: the fast path.</summary>
    public bool IsPlain => MaxAttempts <= 1 && TimeoutMs <= 0;

    /// <summary>True for a batch station.</summary>
    public bool IsBatch => BatchSize > 0;
}
