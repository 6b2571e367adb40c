using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Threading;

namespace Factory.Ledger.Relational;

/// <summary>
/// Retention: the materials and attempts of runs that ended before a cut-off are removed, one
/// transaction per run (taking turns with a start of that run, so a resume and a purge never
/// interleave, and a big purge never holds the writer for long), and the run is marked purged. What
/// resume, replay and the audit rest on — runs, inputs and their outcomes, dead letters, replays,
/// the audit — stays; the inputs' values kept for experiments go. One audit entry says who purged what.
/// </summary>
internal static class RunPurge
{
    /// <summary>A run that may be purged: ended (not running) before <c>@cutoff</c>, with rows recorded since any earlier purge.</summary>
    private const string Purgeable = "status <> 'running' AND ended < @cutoff AND (purged IS NULL OR purged < ended)";

    public static PurgeReport Purge(RelationalLedger ledger, DateTimeOffset olderThan, string actor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string cutoff = Time.Text(olderThan);
        int runs = 0;
        long materials = 0;
        long executions = 0;
        foreach (string runId in Candidates(ledger, cutoff))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (PurgeRun(ledger, runId, cutoff) is { } removed)
            {
                runs++;
                materials += removed.Materials;
                executions += removed.Executions;
            }
        }

        using (DbConnection connection = ledger.Store.OpenConnection())
        {
            string detail = string.Create(
                CultureInfo.InvariantCulture,
                $"materials and attempts of runs that ended before {cutoff}: {runs} runs, {materials} materials, {executions} attempts removed");
            if (cancellationToken.IsCancellationRequested)
            {
                detail += " (cancelled part way)";
            }

            Sql.Audit(connection, null, Time.Text(ledger.Settings.Clock.GetUtcNow()), actor, AuditActions.LedgerPurged, null, SchemaUpgrade.LedgerTarget, detail);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new PurgeReport(runs, materials, executions);
    }

    private static List<string> Candidates(RelationalLedger ledger, string cutoff)
    {
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbCommand command = Sql.Command(connection, null, $"SELECT run_id FROM runs WHERE {Purgeable} ORDER BY ended, run_id", ("@cutoff", cutoff));
        using DbDataReader reader = command.ExecuteReader();
        var runs = new List<string>();
        while (reader.Read())
        {
            runs.Add(reader.GetString(0));
        }

        return runs;
    }

    /// <summary>Purges one run in a transaction of its own; null when it is no longer purgeable (a resume started it meanwhile).</summary>
    private static (long Materials, long Executions)? PurgeRun(RelationalLedger ledger, string runId, string cutoff)
    {
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbTransaction transaction = ledger.Store.BeginWrite(connection, runId);
        using (DbCommand check = Sql.Command(connection, transaction, $"SELECT count(*) FROM runs WHERE run_id = @run AND {Purgeable}", ("@run", runId), ("@cutoff", cutoff)))
        {
            if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }
        }

        long executions = ledger.Store.DeleteAttempts(connection, transaction, runId);
        long materials = Sql.Execute(connection, transaction, "DELETE FROM materials WHERE run_id = @run", ("@run", runId));

        // The inputs a run kept for experiments (KeepInputs) are material data too: retention removes them with it.
        Sql.Execute(connection, transaction, "DELETE FROM input_values WHERE run_id = @run", ("@run", runId));
        Sql.Execute(connection, transaction, "UPDATE runs SET purged = @now WHERE run_id = @run", ("@now", Time.Text(ledger.Settings.Clock.GetUtcNow())), ("@run", runId));
        transaction.Commit();
        return (materials, executions);
    }
}
