namespace TicketTriage.Reporting;

/// <summary>What Factory's meter said about one station in a run.</summary>
/// <param name="Station">The station's path (nested stations as <c>EscalationLine/AssignOnCall</c>), from the <c>factory.station</c> tag.</param>
/// <param name="Processed">Materials it finished (<c>factory.station.materials.processed</c>).</param>
/// <param name="Failed">Attempts that failed (<c>factory.station.attempts.failed</c>): retried, or the last before a dead letter.</param>
/// <param name="DeadLettered">Materials that became dead letters there (<c>factory.station.materials.dead_lettered</c>).</param>
/// <param name="Attempts">Durations recorded (<c>factory.station.duration</c>): one per attempt.</param>
/// <param name="P50">Median attempt duration in seconds (nearest rank), NaN without attempts.</param>
/// <param name="P95">95th percentile attempt duration in seconds (nearest rank), NaN without attempts.</param>
public sealed record StationStats(string Station, long Processed, long Failed, long DeadLettered, int Attempts, double P50, double P95);
