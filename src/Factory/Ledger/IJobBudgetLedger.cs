using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger;

/// <summary>
/// A job order's token and cost budget kept in a shared ledger, so that every process spending for the
/// job counts against one total: one row per tenant and job id (two tenants' jobs of one id never share a budget) with what its settled calls spent and what its
/// calls in flight reserved. A reservation is taken only when it fits (atomically, across processes);
/// a settlement releases it and adds what the call really used.
/// </summary>
public interface IJobBudgetLedger
{
    /// <summary>
    /// Reserves <paramref name="tokens"/> and <paramref name="cost"/> for job <paramref name="jobId"/> of <paramref name="tenant"/>
    /// when they fit within <paramref name="budget"/> beside what every process spent and reserved.
    /// </summary>
    /// <returns>
    /// <see cref="BudgetAnswer.Reserved"/>; <see cref="BudgetAnswer.Busy"/> when only calls in flight
    /// stand in the way (try again after they settle); <see cref="BudgetAnswer.Exhausted"/> when the
    /// settled spend alone leaves no room. Nothing is reserved unless the answer is Reserved.
    /// </returns>
    Task<BudgetAnswer> TryReserveAsync(string tenant, string jobId, JobBudget budget, long tokens, decimal cost, CancellationToken cancellationToken = default);

    /// <summary>Releases a reservation (<paramref name="reservedTokens"/>, <paramref name="reservedCost"/>) of job <paramref name="jobId"/> of <paramref name="tenant"/> and adds what the call used (<paramref name="tokens"/>, <paramref name="cost"/>; zero for a call that failed).</summary>
    Task SettleAsync(string tenant, string jobId, long reservedTokens, decimal reservedCost, long tokens, decimal cost, CancellationToken cancellationToken = default);

    /// <summary>What job <paramref name="jobId"/> of <paramref name="tenant"/> has spent and has reserved, in every process (zeros for a job never charged).</summary>
    Task<JobBudgetRecord> GetJobBudgetAsync(string tenant, string jobId, CancellationToken cancellationToken = default);
}

/// <summary>The answer to a reservation asked of the ledger.</summary>
public enum BudgetAnswer
{
    /// <summary>Reserved.</summary>
    Reserved,

    /// <summary>Not reserved: it does not fit beside the reservations of calls in flight, but may once they settle.</summary>
    Busy,

    /// <summary>Not reserved: the settled spend plus this call exceeds the budget; no settlement can cure it.</summary>
    Exhausted,
}

/// <summary>A job's row in the ledger's budgets.</summary>
/// <param name="SpentTokens">Tokens used by settled calls.</param>
/// <param name="SpentCost">Cost of settled calls.</param>
/// <param name="ReservedTokens">Tokens held by calls in flight.</param>
/// <param name="ReservedCost">Cost held by calls in flight.</param>
public readonly record struct JobBudgetRecord(long SpentTokens, decimal SpentCost, long ReservedTokens, decimal ReservedCost);
