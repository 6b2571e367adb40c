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
    public static Task<BudgetAnswer> TryReserveAsync(RelationalLedger ledger, string tenant, string jobId, JobBudget budget, long tokens, decimal cost, CancellationToken cancellationToken) =>
        Task.FromResult(Reserve(ledger, tenant, jobId, budget, tokens, cost, lease: null, cancellationToken).Answer);

    public static Task<BudgetHold> TryHoldAsync(RelationalLedger ledger, string tenant, string jobId, JobBudget budget, long tokens, decimal cost, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        return Task.FromResult(Reserve(ledger, tenant, jobId, budget, tokens, cost, lease, cancellationToken));
    }

    /// <summary>
    /// Releases the job's holds whose lease ended (their processes died holding them), then reserves when the call fits:
    /// as a hold until its <paramref name="lease"/> ends, or with none (a plain reservation, released only by its settlement).
    /// </summary>
    private static BudgetHold Reserve(RelationalLedger ledger, string tenant, string jobId, JobBudget budget, long tokens, decimal cost, TimeSpan? lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        cancellationToken.ThrowIfCancellationRequested();
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbTransaction transaction = ledger.Store.BeginWrite(connection, Key(tenant, jobId));
        long now = ledger.Settings.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        JobBudgetRecord row = Read(connection, transaction, tenant, jobId) ?? Insert(connection, transaction, tenant, jobId);
        (long endedTokens, decimal endedCost) = BudgetHolds.ReleaseEnded(connection, transaction, tenant, jobId, now);
        JobBudgetRecord live = Released(row, endedTokens, endedCost);
        BudgetAnswer answer = Answer(budget, live, tokens, cost);
        string? holdId = null;
        if (answer == BudgetAnswer.Reserved)
        {
            holdId = lease is { } held ? BudgetHolds.Add(connection, transaction, tenant, jobId, tokens, cost, now + (long)Math.Min(held.TotalMilliseconds, long.MaxValue - now)) : null;
            live = live with { ReservedTokens = live.ReservedTokens + tokens, ReservedCost = live.ReservedCost + cost };
        }

        if (live != row)
        {
            Write(connection, transaction, tenant, jobId, live);
        }

        transaction.Commit();
        return new BudgetHold(answer, holdId);
    }

    public static Task SettleAsync(RelationalLedger ledger, string tenant, string jobId, long reservedTokens, decimal reservedCost, long tokens, decimal cost, CancellationToken cancellationToken) =>
        Settle(ledger, tenant, jobId, holdId: null, reservedTokens, reservedCost, tokens, cost, cancellationToken);

    public static Task SettleHoldAsync(RelationalLedger ledger, string tenant, string jobId, string holdId, long tokens, decimal cost, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holdId);
        return Settle(ledger, tenant, jobId, holdId, 0, 0m, tokens, cost, cancellationToken);
    }

    /// <summary>
    /// Adds what a call used and releases what it reserved: a hold's own amounts, once (nothing when a later reservation
    /// released it after its lease ended), or for a plain reservation the amounts its caller names.
    /// </summary>
    private static Task Settle(RelationalLedger ledger, string tenant, string jobId, string? holdId, long reservedTokens, decimal reservedCost, long tokens, decimal cost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        cancellationToken.ThrowIfCancellationRequested();
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbTransaction transaction = ledger.Store.BeginWrite(connection, Key(tenant, jobId));
        JobBudgetRecord row = Read(connection, transaction, tenant, jobId) ?? Insert(connection, transaction, tenant, jobId);
        if (holdId is not null)
        {
            (reservedTokens, reservedCost) = BudgetHolds.Remove(connection, transaction, tenant, jobId, holdId);
        }

        JobBudgetRecord settled = Released(row, reservedTokens, reservedCost);
        Write(connection, transaction, tenant, jobId, settled with { SpentTokens = row.SpentTokens + tokens, SpentCost = row.SpentCost + cost });
        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>The row with <paramref name="tokens"/> and <paramref name="cost"/> no longer reserved (never below none).</summary>
    private static JobBudgetRecord Released(JobBudgetRecord row, long tokens, decimal cost) =>
        row with { ReservedTokens = Math.Max(0, row.ReservedTokens - tokens), ReservedCost = Math.Max(0m, row.ReservedCost - cost) };

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
            ? new JobBudgetRecord(reader.GetInt64(0), BudgetHolds.Parse(reader.GetString(1)), reader.GetInt64(2), BudgetHolds.Parse(reader.GetString(3)))
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
}
