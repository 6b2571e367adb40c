using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;

namespace Factory.Ledger.Relational;

/// <summary>
/// Dead letters a replay run claimed and left: its process died (the run is still <c>running</c>, its lease ended) or
/// crashed between its end and opening them again (<see cref="DeadLetterResolution.ReopenUnfinished"/>), before their
/// inputs had an outcome there. A replay run is never started again, so nothing else would bring them back: the next
/// replay that asks for them opens them again first (<see cref="ILedger.ReopenAbandonedAsync"/>).
/// </summary>
internal static class AbandonedReplays
{
    public static IReadOnlyList<long> Reopen(RelationalLedger ledger, IReadOnlyCollection<long> deadLetterIds, string actor)
    {
        ArgumentNullException.ThrowIfNull(deadLetterIds);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var reopened = new List<long>();
        if (deadLetterIds.Count == 0)
        {
            return reopened;
        }

        using DbConnection connection = ledger.Store.OpenConnection();
        using DbTransaction transaction = ledger.Store.BeginWrite(connection, "replay:abandoned");
        DateTimeOffset now = ledger.Settings.Clock.GetUtcNow();

        // Why each run ended here, for its later letters: they find it failed, but by this call's doing.
        var endedHere = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (long id in deadLetterIds)
        {
            if (Left(connection, transaction, id, now) is not { } left)
            {
                continue;
            }

            if (left.Running && !EndAbandoned(connection, transaction, left.Run, left.Lease, now))
            {
                // Its holder renewed the lease since it was read (PostgreSQL does not make renewals wait for this): alive.
                continue;
            }

            string why = left.Running ? endedHere[left.Run] = left.Why : endedHere.GetValueOrDefault(left.Run, left.Why);
            string detail = string.Create(CultureInfo.InvariantCulture, $"replay run {left.Run} {why} before its input {left.Sequence} had an outcome");
            if (DeadLetterResolution.OpenAgain(connection, transaction, id, left.Run, left.Sequence, actor, left.Tenant, detail, Time.Text(now)))
            {
                reopened.Add(id);
            }
        }

        transaction.Commit();
        return reopened;
    }

    /// <summary>
    /// Ends a replay run its process left running: failed, saying so, and without its lease. Should its process only have
    /// lost the database for a while, its next renewal finds the lease gone and the run stops, rather than finishing a
    /// letter someone replays again; and the runs the control room shows running are the ones that are.
    /// </summary>
    /// <returns>False when the lease read is no longer there as read (renewed meanwhile): the run is left alone.</returns>
    private static bool EndAbandoned(DbConnection connection, DbTransaction transaction, string run, string? lease, DateTimeOffset now)
    {
        if (lease is not null && Sql.Execute(connection, transaction, "DELETE FROM leases WHERE run_id = @run AND expires = @expires", ("@run", run), ("@expires", lease)) == 0)
        {
            return false;
        }

        string error = $"abandoned: the process that ran this replay stopped holding it (its lease ended {lease ?? "before"}); the dead letters it had not finished were opened again";
        Sql.Execute(
            connection,
            transaction,
            "UPDATE runs SET status = @failed, ended = @now, error = @error WHERE run_id = @run AND status = @running",
            ("@failed", Names.Of(RunStatus.Failed)),
            ("@now", Time.Text(now)),
            ("@error", error),
            ("@run", run),
            ("@running", Names.Of(RunStatus.Running)));
        return true;
    }

    /// <summary>
    /// The replay run that claimed letter <paramref name="id"/> and left it without an outcome, why it counts as left, and
    /// whether it is still running, with the text of its ended lease (if it has one); null when no run left it.
    /// </summary>
    private static (string Run, long Sequence, string Tenant, string Why, bool Running, string? Lease)? Left(DbConnection connection, DbTransaction transaction, long id, DateTimeOffset now)
    {
        using DbCommand find = Sql.Command(
            connection,
            transaction,
            "SELECT d.replay_run, r.sequence, d.tenant, ru.status, (SELECT l.expires FROM leases l WHERE l.run_id = d.replay_run) " +
            "FROM dead_letters d JOIN replays r ON r.run_id = d.replay_run AND r.dead_letter_id = d.id JOIN runs ru ON ru.run_id = d.replay_run " +
            "WHERE d.id = @id AND d.status = 'replayed' AND NOT EXISTS " +
            "(SELECT 1 FROM inputs i WHERE i.run_id = r.run_id AND i.sequence = r.sequence AND i.outcome IS NOT NULL)",
            ("@id", id));
        using DbDataReader reader = find.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        RunStatus status = Names.ParseRunStatus(reader.GetString(3));
        string? lease = reader.IsDBNull(4) ? null : reader.GetString(4);
        DateTimeOffset? expires = lease is null ? null : Time.Parse(lease);
        string? why = status switch
        {
            RunStatus.Cancelled or RunStatus.Failed or RunStatus.DeadlineExceeded => $"ended {Names.Of(status)} without opening it again",
            RunStatus.Running when expires is null || expires <= now => $"was left running by its process (its lease ended {lease ?? "before"})",
            _ => null,
        };
        return why is null ? null : (reader.GetString(0), reader.GetInt64(1), reader.GetString(2), why, status == RunStatus.Running, lease);
    }
}
