using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;

namespace Factory.Ledger.Relational;

/// <summary>
/// How an open dead letter is resolved: claimed by a replay run at its start, or discarded by a
/// person. Either marks the letter with who resolved it, when and why, and writes the audit entry, in
/// one durable transaction. Only an open letter is resolved, and only once.
/// </summary>
internal static class DeadLetterResolution
{
    /// <summary>Claims the replay's dead letters for <paramref name="run"/>: checked, marked, linked and audited in the start's transaction.</summary>
    public static void ClaimForReplay(DbConnection connection, DbTransaction transaction, RunInfo run, ReplayRequest replay, string now, SecretRedactor redactor)
    {
        foreach (long id in replay.Candidates)
        {
            string? problem = null;
            using (DbCommand find = Sql.Command(connection, transaction, "SELECT status, input_status, input_type, tenant FROM dead_letters WHERE id = @id", ("@id", id)))
            using (DbDataReader reader = find.ExecuteReader())
            {
                if (!reader.Read())
                {
                    problem = $"there is no dead letter {id}";
                }
                else if (reader.GetString(0) != Names.Of(DeadLetterStatus.Open))
                {
                    problem = $"dead letter {id} is {reader.GetString(0)}, not open";
                }
                else if (reader.GetString(1) != Names.Of(DeadLetterInputStatus.Serialized))
                {
                    problem = $"the ledger does not hold the input of dead letter {id} ({reader.GetString(1)})";
                }
                else if (!string.Equals(reader.GetString(2), run.Line.InputType, StringComparison.Ordinal))
                {
                    problem = $"dead letter {id} holds a {reader.GetString(2)}; line '{run.Line.Name}' takes {run.Line.InputType}";
                }
                else if (!string.Equals(reader.GetString(3), run.Job.Tenant, StringComparison.Ordinal))
                {
                    problem = $"dead letter {id} belongs to tenant '{reader.GetString(3)}', the run to tenant '{run.Job.Tenant}'";
                }
            }

            if (problem is not null)
            {
                if (replay.Strict)
                {
                    throw new LedgerException($"Cannot replay: {problem}.");
                }

                replay.Skip(id, problem);
                continue;
            }

            int sequence = replay.Claimed.Count;

            // Where starts of other runs do not take turns with this one (PostgreSQL), another replay may have claimed it since the read.
            int claimed = Sql.Execute(
                connection,
                transaction,
                "UPDATE dead_letters SET status = 'replayed', resolved_by = @actor, resolved_at = @now, reason = @reason, replay_run = @run WHERE id = @id AND status = 'open'",
                ("@actor", replay.Actor),
                ("@now", now),
                ("@reason", redactor.Redact(replay.Reason)),
                ("@run", run.RunId),
                ("@id", id));
            if (claimed == 0)
            {
                string taken = $"dead letter {id} was resolved by someone else meanwhile";
                if (replay.Strict)
                {
                    throw new LedgerException($"Cannot replay: {taken}.");
                }

                replay.Skip(id, taken);
                continue;
            }

            Sql.Execute(
                connection,
                transaction,
                "INSERT INTO replays (run_id, sequence, dead_letter_id) VALUES (@run, @sequence, @id)",
                ("@run", run.RunId),
                ("@sequence", sequence),
                ("@id", id));
            string detail = string.Create(CultureInfo.InvariantCulture, $"replayed as input {sequence} of run {run.RunId} through line {run.Line.Name}");
            if (replay.Reason is { Length: > 0 } reason)
            {
                detail += "; reason: " + reason;
            }

            Sql.Audit(connection, transaction, now, replay.Actor, AuditActions.DeadLetterReplayed, run.Job.Tenant, Target(id), redactor.Redact(detail));
            replay.Claim(id);
        }
    }

    /// <summary>
    /// Discards open dead letter <paramref name="id"/>, on a connection of its own. In a tenant's view
    /// (<paramref name="scope"/> given) another tenant's letter is not found, as if there were none.
    /// </summary>
    public static void Discard(RelationalLedger ledger, long id, string actor, string reason, string? scope)
    {
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbTransaction transaction = ledger.Store.BeginWrite(connection, Target(id));
        string? tenant;
        string? status;
        using (DbCommand find = scope is null
            ? Sql.Command(connection, transaction, "SELECT status, tenant FROM dead_letters WHERE id = @id", ("@id", id))
            : Sql.Command(connection, transaction, "SELECT status, tenant FROM dead_letters WHERE id = @id AND tenant = @scope", ("@id", id), ("@scope", scope)))
        using (DbDataReader reader = find.ExecuteReader())
        {
            if (!reader.Read())
            {
                throw new LedgerException(scope is null ? $"There is no dead letter {id}." : $"Tenant '{scope}' has no dead letter {id}.");
            }

            status = reader.GetString(0);
            tenant = reader.GetString(1);
        }

        if (status != Names.Of(DeadLetterStatus.Open))
        {
            throw new LedgerException($"Dead letter {id} is {status}, not open: it cannot be discarded.");
        }

        string now = Time.Text(ledger.Settings.Clock.GetUtcNow());
        int discarded = Sql.Execute(
            connection,
            transaction,
            "UPDATE dead_letters SET status = 'discarded', resolved_by = @actor, resolved_at = @now, reason = @reason WHERE id = @id AND status = 'open'",
            ("@actor", actor),
            ("@now", now),
            ("@reason", reason),
            ("@id", id));
        if (discarded == 0)
        {
            throw new LedgerException($"Dead letter {id} was resolved by someone else meanwhile: it cannot be discarded.");
        }

        Sql.Audit(connection, transaction, now, actor, AuditActions.DeadLetterDiscarded, tenant, Target(id), "reason: " + reason);
        transaction.Commit();
    }

    /// <summary>
    /// Opens again the letters replay run <paramref name="run"/> claimed whose inputs have no outcome there, now that
    /// it ended <paramref name="status"/> (cancelled, failed, past its deadline): a replay needs a new run id, so the
    /// run is never started again and they would be neither open nor replayed. One transaction, an audit entry each.
    /// When that fails, a <see cref="LedgerException"/> says so, naming the run (the letters stay claimed by it).
    /// </summary>
    public static void ReopenUnfinished(RelationalLedger ledger, RunInfo run, string actor, RunStatus status)
    {
        try
        {
            Reopen(ledger, run, actor, status);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or ObjectDisposedException)
        {
            throw new LedgerException(
                $"Replay run '{run.RunId}' ended {Names.Of(status)}, but the dead letters it had not finished could not be opened again: {exception.Message}. They stay claimed by it.",
                exception);
        }
    }

    private static void Reopen(RelationalLedger ledger, RunInfo run, string actor, RunStatus status)
    {
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbTransaction transaction = ledger.Store.BeginWrite(connection, "replay:" + run.RunId);
        var unfinished = new List<(long Letter, long Sequence)>();
        using (DbCommand find = Sql.Command(
            connection,
            transaction,
            "SELECT r.dead_letter_id, r.sequence FROM replays r WHERE r.run_id = @run AND NOT EXISTS " +
            "(SELECT 1 FROM inputs i WHERE i.run_id = r.run_id AND i.sequence = r.sequence AND i.outcome IS NOT NULL) ORDER BY r.sequence",
            ("@run", run.RunId)))
        using (DbDataReader reader = find.ExecuteReader())
        {
            while (reader.Read())
            {
                unfinished.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        }

        string now = Time.Text(ledger.Settings.Clock.GetUtcNow());
        foreach ((long letter, long sequence) in unfinished)
        {
            string detail = string.Create(CultureInfo.InvariantCulture, $"replay run {run.RunId} ended {Names.Of(status)} before its input {sequence} had an outcome");
            OpenAgain(connection, transaction, letter, run.RunId, sequence, actor, run.Job.Tenant, detail, now);
        }

        transaction.Commit();
    }

    /// <summary>
    /// Opens letter <paramref name="id"/> again if replay run <paramref name="run"/> still claims it and its input
    /// <paramref name="sequence"/> there has no outcome, with an audit entry saying why (<paramref name="detail"/>); true when it did.
    /// </summary>
    public static bool OpenAgain(DbConnection connection, DbTransaction transaction, long id, string run, long sequence, string actor, string? tenant, string detail, string now)
    {
        int opened = Sql.Execute(
            connection,
            transaction,
            "UPDATE dead_letters SET status = 'open', resolved_by = NULL, resolved_at = NULL, reason = NULL, replay_run = NULL WHERE id = @id AND status = 'replayed' AND replay_run = @run " +
            "AND NOT EXISTS (SELECT 1 FROM inputs i WHERE i.run_id = @inputRun AND i.sequence = @sequence AND i.outcome IS NOT NULL)",
            ("@id", id),
            ("@run", run),
            ("@inputRun", run),
            ("@sequence", sequence));
        if (opened == 1)
        {
            Sql.Audit(connection, transaction, now, actor, AuditActions.DeadLetterReopened, tenant, Target(id), detail);
        }

        return opened == 1;
    }

    /// <summary>How the audit names a dead letter.</summary>
    public static string Target(long id) => string.Create(CultureInfo.InvariantCulture, $"dead-letter:{id}");
}
