using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Factory.Ledger.Relational;

/// <summary>
/// The crash limit's bookkeeping, done in a start's transaction. Every root a flight file of an
/// earlier start still names was in a station when that start's process died: its crash count goes
/// up by one (the row is made if its entry never reached the ledger). Inputs without an outcome and
/// with a count are then either suspects, which run alone, or, at the limit, refused.
/// </summary>
internal static class CrashCounts
{
    /// <summary>Counts the crashes the flight files of starts after <paramref name="counted"/> and before <paramref name="start"/> record; returns what it counted.</summary>
    public static IReadOnlyList<(long Root, string? Station)> Count(DbConnection connection, DbTransaction transaction, RunInfo run, string flightFolder, int counted, int start)
    {
        var found = new List<(long Root, string? Station)>();
        for (int earlier = counted + 1; earlier < start; earlier++)
        {
            foreach (IGrouping<long, FlightEntry> root in FlightFile.Read(FlightFile.PathIn(flightFolder, run.RunId, earlier)).GroupBy(e => e.Root))
            {
                // A root in several stations at once (a split's children): the station furthest down the line.
                int index = root.Max(e => e.Station);
                string? station = index >= 0 && index < run.Line.Stations.Count ? run.Line.Stations[index].Path : null;
                Sql.Execute(
                    connection,
                    transaction,
                    """
                    INSERT INTO inputs (run_id, sequence, material_id, entries, crashes, crash_station) VALUES (@run, @sequence, @id, 0, 1, @station)
                    ON CONFLICT (run_id, sequence) DO UPDATE SET crashes = inputs.crashes + 1, crash_station = coalesce(excluded.crash_station, inputs.crash_station)
                    WHERE inputs.outcome IS NULL
                    """,
                    ("@run", run.RunId),
                    ("@sequence", root.Key),
                    ("@id", MaterialIds.Root(root.Key)),
                    ("@station", station));
                found.Add((root.Key, station));
            }
        }

        Sql.Execute(connection, transaction, "UPDATE runs SET crashes_counted = @start WHERE run_id = @run", ("@start", start - 1), ("@run", run.RunId));
        return found;
    }

    /// <summary>The inputs without an outcome that crashed the process: those below <paramref name="limit"/> run alone, the others are refused.</summary>
    public static (HashSet<long>? Suspects, Dictionary<long, EntryRefusal>? Refused) Load(DbConnection connection, DbTransaction transaction, RunInfo run, int limit)
    {
        HashSet<long>? suspects = null;
        Dictionary<long, EntryRefusal>? refused = null;
        using DbCommand command = Sql.Command(
            connection,
            transaction,
            "SELECT sequence, crashes, crash_station FROM inputs WHERE run_id = @run AND outcome IS NULL AND crashes > 0",
            ("@run", run.RunId));
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            long sequence = reader.GetInt64(0);
            int crashes = reader.GetInt32(1);
            if (crashes < limit)
            {
                (suspects ??= []).Add(sequence);
                continue;
            }

            string? station = reader.IsDBNull(2) ? null : reader.GetString(2);
            (refused ??= [])[sequence] = Refusal(run.Line, crashes, limit, station);
        }

        return (suspects, refused);
    }

    /// <summary>The audit's account of what a start counted.</summary>
    public static string Describe(int start, IReadOnlyList<(long Root, string? Station)> found)
    {
        const int Shown = 20;
        string inputs = string.Join(", ", found.Take(Shown).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Root} ({f.Station ?? "station not known"})")));
        string more = found.Count > Shown ? string.Create(CultureInfo.InvariantCulture, $" and {found.Count - Shown} more") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"start {start}: the process of an earlier start died with {found.Count} inputs in a station, each counted one crash: {inputs}{more}");
    }

    private static EntryRefusal Refusal(LineDescriptor line, int crashes, int limit, string? station)
    {
        StationDescriptor? known = station is null ? null : line.Stations.FirstOrDefault(s => s.Path == station);
        string where = station is null ? "the station it was in is not known" : "last in station " + station;
        return new EntryRefusal(
            station ?? RootTracker.EntryStation,
            known?.Version ?? "1",
            crashes,
            CrashLimit.ExceptionType,
            string.Create(CultureInfo.InvariantCulture, $"crashed the process {crashes} times (limit {limit}); {where}. It does not run again: fix what kills the process, then replay or discard this dead letter."));
    }

    /// <summary>Deletes flight files that have been counted, once their count is committed; a file left behind is never counted twice.</summary>
    public static void Forget(string flightFolder, string runId, int counted, int start)
    {
        for (int earlier = counted + 1; earlier < start; earlier++)
        {
            try
            {
                File.Delete(FlightFile.PathIn(flightFolder, runId, earlier));
            }
            catch (IOException)
            {
                // runs.crashes_counted says it was counted.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }
    }
}
