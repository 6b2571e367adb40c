using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Threading;

namespace Factory.Ledger.Relational;

/// <summary>
/// What a recorder counts of every attempt its process sees, whatever the provenance level keeps of
/// them: per station, attempts, failures, tokens, cost and a duration histogram. Written whole to
/// <c>station_totals</c> (one row per run, start, process and station) at each heartbeat and at the
/// run's end, on a connection of its own: the writer's batches carry none of it, so counting costs an
/// attempt a few interlocked adds. The runs screen's tokens and cost and a station's p95 of a run
/// that is not live are read from these rows (<see cref="LedgerQueries.ListStationTotalsAsync"/>).
/// </summary>
internal sealed class RunTally
{
    private const string Upsert = """
        INSERT INTO station_totals (run_id, start_no, instance, station, attempts, failed, input_tokens, output_tokens, cost, durations)
        VALUES (@run, @start, @instance, @station, @attempts, @failed, @input, @output, @cost, @durations)
        ON CONFLICT (run_id, start_no, instance, station) DO UPDATE SET attempts = excluded.attempts, failed = excluded.failed,
            input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cost = excluded.cost, durations = excluded.durations
        """;

    private readonly ConcurrentDictionary<string, StationTally> stations = new(StringComparer.Ordinal);
    private long written;

    public void Count(in StationExecution execution) =>
        stations.GetOrAdd(execution.Station.Path, static _ => new StationTally()).Count(execution);

    /// <summary>Writes every station's counts, unless nothing was counted since the last write.</summary>
    public void Write(RelationalLedger ledger, string runId, int start)
    {
        // Attempts only grow: the same sum means nothing new (one shared counter per attempt would be contended).
        long now = 0;
        foreach (StationTally tally in stations.Values)
        {
            now += tally.Attempts;
        }

        if (now == Volatile.Read(ref written))
        {
            return;
        }

        using DbConnection connection = ledger.Store.OpenConnection();
        using DbTransaction transaction = ledger.Store.BeginWrite(connection, "station totals of run " + runId);
        foreach ((string station, StationTally tally) in stations)
        {
            Sql.Execute(
                connection,
                transaction,
                Upsert,
                ("@run", runId),
                ("@start", start),
                ("@instance", ledger.Instance),
                ("@station", station),
                ("@attempts", tally.Attempts),
                ("@failed", tally.Failed),
                ("@input", tally.InputTokens),
                ("@output", tally.OutputTokens),
                ("@cost", tally.Cost.ToString(CultureInfo.InvariantCulture)),
                ("@durations", tally.Durations.ToString()));
        }

        transaction.Commit();
        Volatile.Write(ref written, now);
    }

}
