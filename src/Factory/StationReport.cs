namespace Factory;

/// <summary>Counts of one station in a run.</summary>
/// <param name="Station">The station.</param>
/// <param name="In">Materials the station took.</param>
/// <param name="Out">Materials the station gave (a split may give several per input, a filter none).</param>
/// <param name="DeadLettered">Materials that failed all attempts there.</param>
/// <param name="Retries">Attempts after the first, over all materials.</param>
public sealed record StationReport(StationDescriptor Station, long In, long Out, long DeadLettered, long Retries)
{
    /// <summary>Model input tokens the station used (thinking units).</summary>
    public long InputTokens { get; init; }

    /// <summary>Model output tokens the station used (thinking units).</summary>
    public long OutputTokens { get; init; }

    /// <summary>Model cost the station spent (thinking units).</summary>
    public decimal Cost { get; init; }

    /// <summary>The station's name with its nesting path.</summary>
    public string Name => Station.Path;
}
