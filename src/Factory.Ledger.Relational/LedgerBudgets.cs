using System;
using System.Data.Common;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger.Relational;

/// <summary>
/// Job budgets in the <c>job_budgets</c> table, a row per tenant and job id: a read-then-write of one job's row inside
/// <see cref="LedgerStore.BeginWrite"/>, which takes turns with every other process on the same key, so
/// two reservations never both see room that only one of them fits. Costs are decimal text, summed here
/// (exactly) rather than in SQL.
/// </summary>
internal static class LedgerBudgets
{
    public static Task<BudgetAnswer> TryReserveAsync(RelationalLedger ledger, string tenant, string jobId, JobBudget budget, long tokens, decimal cost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        cancellationToken.ThrowIfCancellationRequested();
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbTransaction transaction = ledger.Store.BeginWrite(connection, Key(tenant, jobId));
        JobBudgetRecord row = Read(connection, transaction, tenant, jobId) ?? Insert(connection, transaction, tenant, jobId);
        BudgetAnswer answer = Answer(budget, row, tokens, cost);
        if (answer == BudgetAnswer.Reserved)
        {
            Write(connection, transaction, tenant, jobId, row with { ReservedTokens = row.ReservedTokens + tokens, ReservedCost = row.ReservedCost + cost });
        }

        transaction.Commit();
        return Task.FromResult(answer);
    }

    public static Task SettleAsync(RelationalLedger ledger, string tenant, string jobId, long reservedTokens, decimal reservedCost, long tokens, decimal cost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        cancellationToken.ThrowIfCancellationRequested();
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbTransaction transaction = ledger.Store.BeginWrite(connection, Key(tenant, jobId));
        JobBudgetRecord row = Read(connection, transaction, tenant, jobId) ?? Insert(connection, transaction, tenant, jobId);
        Write(connection, transaction, tenant, jobId, new JobBudgetRecord(
            row.SpentTokens + tokens,
            row.SpentCost + cost,
            Math.Max(0, row.ReservedTokens - reservedTokens),
            Math.Max(0m, row.ReservedCost - reservedCost)));
        transaction.Commit();
        return Task.CompletedTask;
    }

    public static Task<JobBudgetRecord> GetAsync(RelationalLedger ledger, string tenant, string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        cancellationToken.ThrowIfCancellationRequested();
        using DbConnection connection = ledger.Store.OpenConnection();
        return Task.FromResult(Read(connection, null, tenant, jobId) ?? default);
    }

    /// <summary>Reserved when it fits beside spend and reservations; exhausted when it does not fit beside the spend alone.</summary>
    private static BudgetAnswer Answer(JobBudget budget, JobBudgetRecord row, long tokens, decimal cost)
    {
        if ((budget.MaxTokens is { } maxTokens && row.SpentTokens + tokens > maxTokens)
            || (budget.MaxCost is { } maxCost && row.SpentCost + cost > maxCost))
        {
            return BudgetAnswer.Exhausted;
        }

        return (budget.MaxTokens is { } t && row.SpentTokens + row.ReservedTokens + tokens > t)
            || (budget.MaxCost is { } c && row.SpentCost + row.ReservedCost + cost > c)
            ? BudgetAnswer.Busy
            : BudgetAnswer.Reserved;
    }

    /// <summary>The key a job's budget takes turns on: apart from run ids, which the same lock serves.</summary>
    private static string Key(string tenant, string jobId) => "job-budget:" + tenant + "\u001f" + jobId;

    private static JobBudgetRecord? Read(DbConnection connection, DbTransaction? transaction, string tenant, string jobId)
    {
        using DbCommand command = Sql.Command(
            connection,
            transaction,
            "SELECT spent_tokens, spent_cost, reserved_tokens, reserved_cost FROM job_budgets WHERE tenant = @tenant AND job_id = @job",
            ("@tenant", tenant),
            ("@job", jobId));
        using DbDataReader reader = command.ExecuteReader();
        return reader.Read()
            ? new JobBudgetRecord(reader.GetInt64(0), Parse(reader.GetString(1)), reader.GetInt64(2), Parse(reader.GetString(3)))
            : null;
    }

    private static JobBudgetRecord Insert(DbConnection connection, DbTransaction transaction, string tenant, string jobId)
    {
        Sql.Execute(
            connection,
            transaction,
            "INSERT INTO job_budgets (tenant, job_id, spent_tokens, spent_cost, reserved_tokens, reserved_cost) VALUES (@tenant, @job, 0, '0', 0, '0')",
            ("@tenant", tenant),
            ("@job", jobId));
        return default;
    }

    private static void Write(DbConnection connection, DbTransaction transaction, string tenant, string jobId, JobBudgetRecord row) =>
        Sql.Execute(
            connection,
            transaction,
            "UPDATE job_budgets SET spent_tokens = @spentTokens, spent_cost = @spentCost, reserved_tokens = @reservedTokens, reserved_cost = @reservedCost WHERE tenant = @tenant AND job_id = @job",
            ("@spentTokens", row.SpentTokens),
            ("@spentCost", row.SpentCost.ToString(CultureInfo.InvariantCulture)),
            ("@reservedTokens", row.ReservedTokens),
            ("@reservedCost", row.ReservedCost.ToString(CultureInfo.InvariantCulture)),
            ("@tenant", tenant),
            ("@job", jobId));

    private static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
