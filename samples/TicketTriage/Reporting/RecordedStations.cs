using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory;
using Factory.Gates;
using Factory.Ledger;

namespace TicketTriage.Reporting;

/// <summary>
/// A run's per-station figures read back from the ledger, for a run whose stations worked in other
/// processes (<c>--broker</c>): the caller's meter and report heard nothing of them, the workers recorded
/// every attempt in the shared ledger. The same figures as in process: the report's in, out, dead letters
/// and retries per station (<see cref="Report"/>), and the metrics' count, failed, dead letters and exact
/// p50/p95 of the attempts' durations (<see cref="Stats"/>). Only this start's attempts count, as in process.
/// Read it once every worker has stopped: a worker records a material's attempts after its outputs are
/// confirmed, so the caller can have every outcome before the last attempts are in the ledger.
/// </summary>
public sealed class RecordedStations
{
    private readonly List<StationStats> stats;
    private readonly List<StationReport> report;

    private RecordedStations(List<StationStats> stats, List<StationReport> report)
    {
        this.stats = stats;
        this.report = report;
    }

    /// <summary>As the "Stations" table shows them: every station of the line, in its order.</summary>
    public IReadOnlyList<StationReport> Report => report;

    /// <summary>As the metrics' table shows them: the stations that had attempts, in the order of their first attempt.</summary>
    public IReadOnlyList<StationStats> Stats => stats;

    /// <summary>Reads the current start of <paramref name="run"/> (its report gives the line and what waits at its gates) from <paramref name="ledger"/>.</summary>
    public static async Task<RecordedStations> ReadAsync(ILedger ledger, LineReport run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(run);
        RunRecord record = await ledger.GetRunAsync(run.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run '{run.RunId}' is not in the ledger its workers recorded into.");
        List<ExecutionRecord> attempts = await AttemptsAsync(ledger, run.RunId, record.Starts, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<DeadLetterRecord> letters = await ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = run.RunId, Status = null, Limit = int.MaxValue }, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<GateAuditEntry> decisions = await ledger.Gates.AuditAsync(run.RunId, cancellationToken).ConfigureAwait(false);

        // A dead letter of this start: its material had its attempts at that station in this start.
        var tried = attempts.Select(a => (a.MaterialId, a.Station)).ToHashSet();
        Dictionary<string, int> deadLettered = letters.Where(l => tried.Contains((l.MaterialId, l.Station)))
            .GroupBy(l => l.Station, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var stats = attempts.GroupBy(a => a.Station, StringComparer.Ordinal)
            .OrderBy(g => g.Min(a => a.Started))
            .Select(g => Figures(g.Key, g.ToList(), deadLettered.GetValueOrDefault(g.Key)))
            .ToList();
        var report = run.Line.Stations
            .Select(station => station.Gate is null
                ? Worked(station, stats.Find(s => s.Station == station.Path), deadLettered.GetValueOrDefault(station.Path))
                : Gate(station, run, decisions))
            .ToList();
        return new RecordedStations(stats, report);
    }

    /// <summary>Every attempt of the run's <paramref name="start"/>, material by material.</summary>
    private static async Task<List<ExecutionRecord>> AttemptsAsync(ILedger ledger, string runId, int start, CancellationToken cancellationToken)
    {
        var attempts = new List<ExecutionRecord>();
        const int page = 1000;
        for (int offset = 0; ; offset += page)
        {
            IReadOnlyList<MaterialRecord> materials = await ledger.ListMaterialsAsync(runId, root: null, new PageQuery { Limit = page, Offset = offset }, cancellationToken).ConfigureAwait(false);
            foreach (MaterialRecord material in materials)
            {
                IReadOnlyList<ExecutionRecord> provenance = await ledger.GetProvenanceAsync(runId, material.Id, cancellationToken).ConfigureAwait(false);
                attempts.AddRange(provenance.Where(a => a.Start == start));
            }

            if (materials.Count < page)
            {
                return attempts;
            }
        }
    }

    private static StationStats Figures(string station, List<ExecutionRecord> attempts, int deadLettered)
    {
        double[] seconds = attempts.Select(a => a.Duration.TotalSeconds).Order().ToArray();
        long succeeded = attempts.Count(a => a.Outcome == ExecutionOutcome.Succeeded);
        return new StationStats(
            station,
            succeeded,
            attempts.Count - succeeded,
            deadLettered,
            seconds.Length,
            Percentiles.NearestRank(seconds, 50),
            Percentiles.NearestRank(seconds, 95));
    }

    /// <summary>A station's row of the report: in, every material it finished or dead-lettered; out, those it finished; its other failed attempts were retried.</summary>
    private static StationReport Worked(StationDescriptor station, StationStats? stats, int deadLettered) =>
        stats is null
            ? new StationReport(station, 0, 0, 0, 0)
            : new StationReport(station, stats.Processed + deadLettered, stats.Processed, deadLettered, stats.Failed - deadLettered);

    /// <summary>A gate's row: in, what waits there at the end and what was decided and went on; out, what went on.</summary>
    private static StationReport Gate(StationDescriptor station, LineReport run, IReadOnlyList<GateAuditEntry> decisions)
    {
        long waiting = run.AwaitingDecision.Count(i => i.Key.Gate == station.Path);
        long decided = decisions.Where(d => d.Accepted && d.Item.Gate == station.Path).Select(d => d.Item.MaterialId).Distinct().Count();
        return new StationReport(station, waiting + decided, decided, 0, 0);
    }
}
