using System;
using System.Collections.Generic;
using System.Data.Common;
using Factory.Quality;

namespace Factory.Ledger.Relational;

/// <summary>
/// Counts verdicts into defect rates in the database: one row per tenant, station, station version and
/// window, grouped by the query, so a rate over a million inspections reads a few rows, not a million.
/// Each rate gets its Wilson 95% interval here.
/// </summary>
internal static class DefectRates
{
    public static IReadOnlyList<DefectRate> Read(DbConnection connection, LedgerStore store, DefectRateQuery query, string? scope)
    {
        var filter = new SqlFilter()
            .Equal("tenant", "@scope", scope)
            .Equal("tenant", "@tenant", query.Tenant)
            .Equal("station", "@station", query.Station)
            .Equal("inspector", "@inspector", query.Inspector);
        if (query.Since is { } since)
        {
            filter.Where("time >= @since", "@since", Time.Text(since));
        }

        if (query.Until is { } until)
        {
            filter.Where("time < @until", "@until", Time.Text(until));
        }

        // Windows count from Since (or the epoch); with Since given, no counted time lies before it, so the division never rounds a negative.
        DateTimeOffset origin = query.Since ?? DateTimeOffset.UnixEpoch;
        string window = "CAST(0 AS bigint)";
        if (query.Window is { } length)
        {
            window = $"({store.TicksOf("time")} - @origin) / @window";
            filter.Parameters.Add(("@origin", origin.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks));
            filter.Parameters.Add(("@window", length.Ticks));
        }

        string sql = $"""
            SELECT tenant, station, station_version, {window} AS time_window, COUNT(*),
                   SUM(CASE WHEN verdict = 'defect' THEN 1 ELSE 0 END), MIN(time), MAX(time)
            FROM inspections {filter.Clause()}
            GROUP BY tenant, station, station_version, time_window
            """;
        using DbCommand command = Sql.Command(connection, null, sql, [.. filter.Parameters]);
        using DbDataReader reader = command.ExecuteReader();
        var rates = new List<(long Window, DefectRate Rate)>();
        while (reader.Read())
        {
            long index = reader.GetInt64(3);
            long inspected = reader.GetInt64(4);
            long defects = reader.GetInt64(5);
            (DateTimeOffset from, DateTimeOffset to) = query.Window is { } each
                ? (origin + (each * index), origin + (each * (index + 1)))
                : (Time.Parse(reader.GetString(6)), Time.Parse(reader.GetString(7)));
            rates.Add((index, new DefectRate(reader.GetString(0), reader.GetString(1), reader.GetString(2), from, to, inspected, defects, WilsonInterval.Of(defects, inspected))));
        }

        // The few groups are put in order here, by ordinal comparison, whatever the database's collation.
        rates.Sort(static (a, b) => Compare(a, b));
        return rates.ConvertAll(static r => r.Rate);
    }

    private static int Compare((long Window, DefectRate Rate) a, (long Window, DefectRate Rate) b)
    {
        int order = string.CompareOrdinal(a.Rate.Tenant, b.Rate.Tenant);
        order = order != 0 ? order : string.CompareOrdinal(a.Rate.Station, b.Rate.Station);
        order = order != 0 ? order : string.CompareOrdinal(a.Rate.StationVersion, b.Rate.StationVersion);
        return order != 0 ? order : a.Window.CompareTo(b.Window);
    }
}
