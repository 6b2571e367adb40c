using System;
using System.Data.Common;

namespace Factory.Ledger.Relational;

/// <summary>
/// The start of a worker that joins a run another observer holds (<see cref="LedgerObserveOptions.Join"/>):
/// nothing is written, the run is only checked — it exists, is running, and is a run of the same line
/// class and tenant. What the worker then records takes the run's current start number. One outcome
/// per input, however many workers finish it, is the schema's doing (<c>FinishInput</c> writes only
/// while an input has none), not this check's.
/// </summary>
internal static class RunJoin
{
    /// <summary>Checks that <paramref name="run"/> may be joined; the number of the run's current start.</summary>
    public static int Check(RelationalLedger ledger, LedgerObserveOptions options, RunInfo run)
    {
        if (options.Replay is not null)
        {
            throw new LedgerException($"A worker joins run '{run.RunId}' as it is; a replay is a run of its own, started without Join.");
        }

        using DbConnection connection = ledger.Store.OpenConnection();
        using DbCommand command = Sql.Command(connection, null, "SELECT line_type, tenant, status, starts FROM runs WHERE run_id = @run", ("@run", run.RunId));
        using DbDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new LedgerException(
                $"Run '{run.RunId}' cannot be joined: the ledger {ledger.Store.LedgerName} has no such run. Start it first, without Join, in the process that holds it.")
            {
                RunRefused = true,
            };
        }

        string lineType = reader.GetString(0);
        string tenant = reader.GetString(1);
        string status = reader.GetString(2);
        if (!string.Equals(status, "running", StringComparison.Ordinal))
        {
            throw new LedgerException($"Run '{run.RunId}' cannot be joined: it is {status}, not running. Start it again, without Join, to resume it.") { RunRefused = true };
        }

        if (!string.Equals(lineType, run.Line.TypeName, StringComparison.Ordinal))
        {
            throw new LedgerException($"Run '{run.RunId}' is a run of line '{lineType}'; a worker of line '{run.Line.TypeName}' cannot join it.") { RunRefused = true };
        }

        if (!string.Equals(tenant, run.Job.Tenant, StringComparison.Ordinal))
        {
            throw new LedgerException($"Run '{run.RunId}' belongs to tenant '{tenant}'; a worker for tenant '{run.Job.Tenant}' cannot join it.") { RunRefused = true };
        }

        return reader.GetInt32(3);
    }
}
