namespace Factory;

/// <summary>Live counts of one station while a run goes on. Reads are cheap and never block workers.</summary>
public sealed class StationStatus
{
    private readonly Runtime.StationCounters counters;

    internal StationStatus(StationDescriptor station, Runtime.StationCounters counters, System.Func<int> queued)
    {
        Station = station;
        this.counters = counters;
        this.queued = queued;
    }

    private readonly System.Func<int> queued;

    /// <summary>The station.</summary>
    public StationDescriptor Station { get; }

    /// <summary>Materials taken so far.</summary>
    public long In => counters.In;

    /// <summary>Materials given so far.</summary>
    public long Out => counters.Out;

    /// <summary>Dead letters so far.</summary>
    public long DeadLettered => counters.DeadLettered;

    /// <summary>Retries so far.</summary>
    public long Retries => counters.Retries;

    /// <summary>Materials waiting in the station's input buffer.</summary>
    public int Queued => queued();

    /// <summary>Model input tokens so far (thinking units).</summary>
    public long InputTokens => counters.InputTokens;

    /// <summary>Model output tokens so far (thinking units).</summary>
    public long OutputTokens => counters.OutputTokens;

    /// <summary>Model cost so far (thinking units).</summary>
    public decimal Cost => counters.Cost;

    /// <summary>
    /// The duration 95% of the station's attempts so far took at most (its histogram bucket's upper end,
    /// at most a quarter above), or null before the first; attempts are timed only while someone
    /// observes the run or listens to its telemetry.
    /// </summary>
    public System.TimeSpan? P95Duration => counters.Durations.Percentile(0.95);

    internal StationReport ToReport() => new(Station, In, Out, DeadLettered, Retries)
    {
        InputTokens = InputTokens,
        OutputTokens = OutputTokens,
        Cost = Cost,
    };
}
