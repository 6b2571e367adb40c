using System;

namespace Factory.Ledger;

/// <summary>
/// One station's attempts in one run, over every start and every process that recorded it, whatever
/// the provenance level kept of them (<see cref="ILedgerView.ListStationTotalsAsync"/>). Written at the
/// recording process's heartbeats and at the end of its part, so a run that is going on shows what
/// it did up to its last heartbeat. Runs recorded before the ledger kept them have none.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Station">The station's path.</param>
/// <param name="Attempts">Attempts.</param>
/// <param name="Failed">Attempts that failed or timed out.</param>
/// <param name="InputTokens">Model input tokens.</param>
/// <param name="OutputTokens">Model output tokens.</param>
/// <param name="Cost">Model cost, in the prices' currency.</param>
/// <param name="Durations">The attempts' durations, counted in buckets: <see cref="DurationHistogram.Percentile"/> reads a p95 from them.</param>
public sealed record StationTotalsRecord(
    string RunId,
    string Station,
    long Attempts,
    long Failed,
    long InputTokens,
    long OutputTokens,
    decimal Cost,
    DurationHistogram Durations)
{
    /// <summary>The duration 95% of the attempts took at most (a bucket's upper end: at most a quarter above), or null with no attempt.</summary>
    public TimeSpan? P95Duration => Durations.Percentile(0.95);
}
