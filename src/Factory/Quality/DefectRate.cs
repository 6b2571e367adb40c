using System;

namespace Factory.Quality;

/// <summary>The defect rate of one station version of one tenant in one time window, with its Wilson 95% interval.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Station">The station's path.</param>
/// <param name="StationVersion">The station's full version (declared version and code hash).</param>
/// <param name="From">The window's start (the first inspection's time when the query has no windows).</param>
/// <param name="To">The window's end (exclusive; the last inspection's time when the query has no windows).</param>
/// <param name="Inspected">Verdicts counted.</param>
/// <param name="Defects">Of them, defects.</param>
/// <param name="Interval">The rate's Wilson score interval at 95%.</param>
public sealed record DefectRate(string Tenant, string Station, string StationVersion, DateTimeOffset From, DateTimeOffset To, long Inspected, long Defects, WilsonInterval Interval)
{
    /// <summary>Defects / inspected (0 when none was inspected).</summary>
    public double Rate => Inspected == 0 ? 0 : (double)Defects / Inspected;
}
