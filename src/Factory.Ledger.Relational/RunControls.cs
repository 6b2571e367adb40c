using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger.Relational;

/// <summary>
/// Pause, resume and cancel through the ledger, for a run another process holds: a request is the
/// run row's <c>control</c> with the next <c>control_seq</c> (the last request wins), written with its
/// audit entry; the holder's recorder (<see cref="RunControlPoll"/>) reads the row about once a
/// second, applies a request numbered above the one it applied last, and records that it did.
/// </summary>
internal static class RunControls
{
    public static Task RequestAsync(RelationalLedger ledger, string runId, RunControlRequest request, string actor, string? scope, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (!Enum.IsDefined(request))
        {
            throw new ArgumentOutOfRangeException(nameof(request), request, "Ask a run to pause, resume or cancel.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbTransaction transaction = ledger.Store.BeginWrite(connection, runId);
        string tenant;
        string status;
        using (DbCommand find = scope is null
            ? Sql.Command(connection, transaction, "SELECT status, tenant FROM runs WHERE run_id = @run", ("@run", runId))
            : Sql.Command(connection, transaction, "SELECT status, tenant FROM runs WHERE run_id = @run AND tenant = @scope", ("@run", runId), ("@scope", scope)))
        using (DbDataReader reader = find.ExecuteReader())
        {
            if (!reader.Read())
            {
                throw new LedgerException(scope is null ? $"There is no run '{runId}'." : $"Tenant '{scope}' has no run '{runId}'.");
            }

            status = reader.GetString(0);
            tenant = reader.GetString(1);
        }

        if (status != Names.Of(RunStatus.Running))
        {
            throw new LedgerException($"Run '{runId}' is {status}, not running: there is nothing to {Text(request)}.");
        }

        Sql.Execute(connection, transaction, "UPDATE runs SET control = @control, control_seq = control_seq + 1 WHERE run_id = @run", ("@control", Text(request)), ("@run", runId));
        string now = Time.Text(ledger.Settings.Clock.GetUtcNow());
        Sql.Audit(connection, transaction, now, actor, AuditActions.RunControlRequested, tenant, runId, $"{{\"request\":\"{Text(request)}\"}}");
        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>The run's last request and its number (0: none yet).</summary>
    public static (int Number, RunControlRequest? Request) Read(DbConnection connection, string runId)
    {
        using DbCommand command = Sql.Command(connection, null, "SELECT control_seq, control FROM runs WHERE run_id = @run", ("@run", runId));
        using DbDataReader reader = command.ExecuteReader();
        return reader.Read() && !reader.IsDBNull(1) ? (reader.GetInt32(0), Parse(reader.GetString(1))) : (0, null);
    }

    /// <summary>Records that the holder applied request <paramref name="number"/>, with an audit entry naming the process.</summary>
    public static void Applied(RelationalLedger ledger, DbConnection connection, RunInfo run, int number, RunControlRequest request)
    {
        using DbTransaction transaction = ledger.Store.BeginWrite(connection, run.RunId);
        Sql.Execute(
            connection,
            transaction,
            "UPDATE runs SET control_applied = @number WHERE run_id = @run AND control_applied < @number",
            ("@number", number),
            ("@run", run.RunId));
        string now = Time.Text(ledger.Settings.Clock.GetUtcNow());
        string holder = $"{Environment.MachineName}:{Environment.ProcessId}";
        Sql.Audit(connection, transaction, now, "ledger:" + holder, AuditActions.RunControlApplied, run.Job.Tenant, run.RunId, $"{{\"request\":\"{Text(request)}\"}}");
        transaction.Commit();
    }

    public static string Text(RunControlRequest request) => request switch
    {
        RunControlRequest.Pause => "pause",
        RunControlRequest.Resume => "resume",
        _ => "cancel",
    };

    public static RunControlRequest? Parse(string text) => text switch
    {
        "pause" => RunControlRequest.Pause,
        "resume" => RunControlRequest.Resume,
        "cancel" => RunControlRequest.Cancel,
        _ => null,
    };
}
