using System;
using System.Data.Common;
using System.Diagnostics;

namespace Factory.Ledger.Relational;

/// <summary>
/// A run is held by one process at a time: the holder is a row of <c>leases</c>, taken in the
/// run's start transaction (<see cref="LedgerStore.BeginWrite"/>, so two starters take turns), renewed by a
/// heartbeat, checked by the writer before every batch, and deleted in the transaction that records
/// the run's end. A live lease of another holder refuses a start; an expired one (its holder died
/// or stopped renewing), or one whose holder was a process of this host that has ended, is taken over.
/// </summary>
internal static class RunLease
{
    /// <summary>The lease on <paramref name="runId"/>, or null when no one holds it.</summary>
    public static Lease? Read(DbConnection connection, DbTransaction? transaction, string runId)
    {
        using DbCommand command = Sql.Command(
            connection,
            transaction,
            "SELECT instance, host, pid, acquired, heartbeat, expires FROM leases WHERE run_id = @run",
            ("@run", runId));
        using DbDataReader reader = command.ExecuteReader();
        return reader.Read()
            ? new Lease(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), Time.Parse(reader.GetString(3)), Time.Parse(reader.GetString(4)), Time.Parse(reader.GetString(5)))
            : null;
    }

    /// <summary>Makes <paramref name="ledger"/> the holder of <paramref name="runId"/> from <paramref name="now"/>.</summary>
    public static void Take(DbConnection connection, DbTransaction transaction, string runId, RelationalLedger ledger, DateTimeOffset now)
    {
        Sql.Execute(
            connection,
            transaction,
            """
            INSERT INTO leases (run_id, instance, host, pid, acquired, heartbeat, expires) VALUES (@run, @instance, @host, @pid, @now, @now, @expires)
            ON CONFLICT (run_id) DO UPDATE SET instance = excluded.instance, host = excluded.host, pid = excluded.pid,
                acquired = excluded.acquired, heartbeat = excluded.heartbeat, expires = excluded.expires
            """,
            ("@run", runId),
            ("@instance", ledger.Instance),
            ("@host", Environment.MachineName),
            ("@pid", Environment.ProcessId),
            ("@now", Time.Text(now)),
            ("@expires", Time.Text(now + ledger.Settings.LeaseDuration)));
    }

    /// <summary>Moves the expiry of this ledger's lease on <paramref name="runId"/> on; false when it no longer holds it.</summary>
    public static bool Renew(DbConnection connection, string runId, RelationalLedger ledger, DateTimeOffset now) =>
        Sql.Execute(
            connection,
            null,
            "UPDATE leases SET heartbeat = @now, expires = @expires WHERE run_id = @run AND instance = @instance",
            ("@now", Time.Text(now)),
            ("@expires", Time.Text(now + ledger.Settings.LeaseDuration)),
            ("@run", runId),
            ("@instance", ledger.Instance)) == 1;

    /// <summary>
    /// True when <paramref name="lease"/>'s holder was a process on this host that is no longer running
    /// (or whose process id now belongs to a process started after it took the lease): nobody renews it,
    /// so waiting for its expiry would only hold up a restart. A holder on another host, or one that
    /// cannot be checked, counts as running until its lease expires.
    /// </summary>
    public static bool HolderEnded(Lease lease)
    {
        if (!string.Equals(lease.Host, Environment.MachineName, StringComparison.Ordinal) || lease.Pid == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using Process process = Process.GetProcessById(checked((int)lease.Pid));
            return process.HasExited || process.StartTime.ToUniversalTime() > lease.Acquired.UtcDateTime;
        }
        catch (ArgumentException)
        {
            return true; // no process with that id
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>The refusal of a start while <paramref name="lease"/> is live.</summary>
    public static LedgerException Refusal(string runId, Lease lease) =>
        new($"Run '{runId}' is held by {lease.Holder} since {Time.Text(lease.Acquired)} (last heartbeat {Time.Text(lease.Heartbeat)}, "
            + $"lease expires {Time.Text(lease.Expires)}): it is running there. Wait for it to end, or after {Time.Text(lease.Expires)} "
            + "start it again to take over (a holder that crashed stops renewing its lease).");

    /// <summary>What a run that lost its lease ends with.</summary>
    public static LedgerException Lost(string runId, Lease? now) =>
        new($"Run '{runId}' lost its lease: "
            + (now is null ? "no one holds it any more" : $"{now.Holder} took it over at {Time.Text(now.Acquired)}")
            + ". This process stops the run and writes nothing more of it; the holder goes on with it.");
}
