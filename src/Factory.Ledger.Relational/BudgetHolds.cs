using System;
using System.Data.Common;
using System.Globalization;

namespace Factory.Ledger.Relational;

/// <summary>
/// A job's reservations taken as holds (<see cref="IJobBudgetLedger.TryHoldAsync"/>), in <c>job_budget_holds</c>: a row
/// per hold with the time its lease ends. The job's row in <c>job_budgets</c> still sums every reservation; a hold's
/// amounts leave that sum once, either when it settles or when a later reservation finds its lease ended (its
/// process died holding it). Every call runs inside the job's write turn (<see cref="LedgerStore.BeginWrite"/>).
/// </summary>
internal static class BudgetHolds
{
    /// <summary>Deletes the job's holds whose lease ended by <paramref name="now"/> (Unix ms); returns what they held.</summary>
    public static (long Tokens, decimal Cost) ReleaseEnded(DbConnection connection, DbTransaction transaction, string tenant, string jobId, long now)
    {
        long tokens = 0;
        decimal cost = 0m;
        bool found = false;
        using (DbCommand command = Sql.Command(
            connection,
            transaction,
            "SELECT tokens, cost FROM job_budget_holds WHERE tenant = @tenant AND job_id = @job AND expires_at <= @now",
            ("@tenant", tenant),
            ("@job", jobId),
            ("@now", now)))
        using (DbDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                found = true;
                tokens += reader.GetInt64(0);
                cost += Parse(reader.GetString(1));
            }
        }

        if (found)
        {
            Sql.Execute(
                connection,
                transaction,
                "DELETE FROM job_budget_holds WHERE tenant = @tenant AND job_id = @job AND expires_at <= @now",
                ("@tenant", tenant),
                ("@job", jobId),
                ("@now", now));
        }

        return (tokens, cost);
    }

    /// <summary>Records a new hold of <paramref name="tokens"/> and <paramref name="cost"/> until <paramref name="expiresAt"/> (Unix ms); returns its id.</summary>
    public static string Add(DbConnection connection, DbTransaction transaction, string tenant, string jobId, long tokens, decimal cost, long expiresAt)
    {
        string id = Guid.NewGuid().ToString("N");
        Sql.Execute(
            connection,
            transaction,
            "INSERT INTO job_budget_holds (tenant, job_id, hold_id, tokens, cost, expires_at) VALUES (@tenant, @job, @hold, @tokens, @cost, @expires)",
            ("@tenant", tenant),
            ("@job", jobId),
            ("@hold", id),
            ("@tokens", tokens),
            ("@cost", cost.ToString(CultureInfo.InvariantCulture)),
            ("@expires", expiresAt));
        return id;
    }

    /// <summary>Deletes hold <paramref name="holdId"/>; returns what it held, or nothing when a later reservation already released it.</summary>
    public static (long Tokens, decimal Cost) Remove(DbConnection connection, DbTransaction transaction, string tenant, string jobId, string holdId)
    {
        (long Tokens, decimal Cost) held = (0, 0m);
        using (DbCommand command = Sql.Command(
            connection,
            transaction,
            "SELECT tokens, cost FROM job_budget_holds WHERE tenant = @tenant AND job_id = @job AND hold_id = @hold",
            ("@tenant", tenant),
            ("@job", jobId),
            ("@hold", holdId)))
        using (DbDataReader reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return held;
            }

            held = (reader.GetInt64(0), Parse(reader.GetString(1)));
        }

        Sql.Execute(
            connection,
            transaction,
            "DELETE FROM job_budget_holds WHERE tenant = @tenant AND job_id = @job AND hold_id = @hold",
            ("@tenant", tenant),
            ("@job", jobId),
            ("@hold", holdId));
        return held;
    }

    /// <summary>A cost as the budget tables keep it (invariant decimal text).</summary>
    internal static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
