using System;

namespace Factory.Quality;

/// <summary>Which inspections a defect rate counts, and in which time windows; every filter is optional.</summary>
public sealed record DefectRateQuery
{
    /// <summary>Only this tenant's.</summary>
    public string? Tenant { get; init; }

    /// <summary>Only this station's (path).</summary>
    public string? Station { get; init; }

    /// <summary>Only inspections at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only inspections before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>
    /// The length of each window, counted from <see cref="Since"/> (or the Unix epoch): a rate per
    /// window. Null (the default): one rate over all the inspections.
    /// </summary>
    public TimeSpan? Window { get; init; }

    /// <summary>Only this inspector's verdicts (a reviewer's name, or an automatic inspector's); null: all.</summary>
    public string? Inspector { get; init; }
}
