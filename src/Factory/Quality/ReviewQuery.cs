namespace Factory.Quality;

/// <summary>Which samples to list; every filter is optional.</summary>
public sealed record ReviewQuery
{
    /// <summary>Only this tenant's.</summary>
    public string? Tenant { get; init; }

    /// <summary>Only this run's.</summary>
    public string? RunId { get; init; }

    /// <summary>Only this station's (path).</summary>
    public string? Station { get; init; }

    /// <summary>Only those with this status; <see cref="ReviewStatus.Open"/> by default, null for all.</summary>
    public ReviewStatus? Status { get; init; } = ReviewStatus.Open;

    /// <summary>At most this many, oldest first.</summary>
    public int Limit { get; init; } = 1000;
}
