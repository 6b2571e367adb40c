using System;
using System.Collections.Generic;
using System.Linq;
using Factory.Quality;

namespace Factory.Ledger.Relational;

/// <summary>Counts verdicts into defect rates: per tenant, station, station version and window, each with its Wilson 95% interval.</summary>
internal static class DefectRates
{
    public static IReadOnlyList<DefectRate> Count(List<(string Tenant, string Station, string Version, DateTimeOffset Time, bool Defect)> verdicts, DefectRateQuery query)
    {
        DateTimeOffset origin = query.Since ?? DateTimeOffset.UnixEpoch;
        return verdicts
            .GroupBy(v => (v.Tenant, v.Station, v.Version, Window: query.Window is { } w ? (v.Time - origin).Ticks / w.Ticks : 0))
            .OrderBy(g => g.Key.Tenant, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Station, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Version, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Window)
            .Select(g =>
            {
                long inspected = g.LongCount();
                long defects = g.LongCount(v => v.Defect);
                (DateTimeOffset from, DateTimeOffset to) = query.Window is { } window
                    ? (origin + (window * g.Key.Window), origin + (window * (g.Key.Window + 1)))
                    : (g.Min(v => v.Time), g.Max(v => v.Time));
                return new DefectRate(g.Key.Tenant, g.Key.Station, g.Key.Version, from, to, inspected, defects, WilsonInterval.Of(defects, inspected));
            })
            .ToList();
    }
}
