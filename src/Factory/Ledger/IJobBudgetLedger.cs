using System;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger;

/// <summary>
/// A job order's token and cost budget kept in a shared ledger, so that every process spending for the
/// job counts against one total: one row per tenant and job id (two tenants' jobs of one id never share a budget) with what its settled calls spent and what its
/// calls in flight reserved. A reservation is taken only when it fits (atomically, across processes);
/// a settlement releases it and adds what the call really used. A reservation taken as a hold
/// (<see cref="TryHoldAsync"/>) has a lease: should its process die before it settles, the job's next
/// reservation in any process releases it once the lease has ended, so a dead worker's call in flight
/// does not hold the job's budget for good.
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

    /// <summary>
    /// Reserves as <see cref="TryReserveAsync"/> does, as a hold that lasts at most <paramref name="lease"/>: a hold its
    /// process never settles (it died) is released by the job's next reservation, in any process, once the lease has
    /// ended. Settle it with <see cref="SettleHoldAsync"/>. A ledger that keeps no holds reserves without a lease
    /// (<see cref="BudgetHold.Id"/> null), as <see cref="TryReserveAsync"/>.
    /// </summary>
    /// <returns>The answer, and the hold's id when it is <see cref="BudgetAnswer.Reserved"/>.</returns>
    async Task<BudgetHold> TryHoldAsync(string tenant, string jobId, JobBudget budget, long tokens, decimal cost, TimeSpan lease, CancellationToken cancellationToken = default) =>
        new(await TryReserveAsync(tenant, jobId, budget, tokens, cost, cancellationToken).ConfigureAwait(false), null);

    /// <summary>
    /// Releases hold <paramref name="holdId"/> (<paramref name="reservedTokens"/>, <paramref name="reservedCost"/>) of job
    /// <paramref name="jobId"/> of <paramref name="tenant"/>, unless its lease ended and it was released already, and adds
    /// what the call used (<paramref name="tokens"/>, <paramref name="cost"/>; zero for a call that failed).
    /// </summary>
    Task SettleHoldAsync(string tenant, string jobId, string holdId, long reservedTokens, decimal reservedCost, long tokens, decimal cost, CancellationToken cancellationToken = default) =>
        SettleAsync(tenant, jobId, reservedTokens, reservedCost, tokens, cost, cancellationToken);

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

/// <summary>The answer to a reservation asked as a hold (<see cref="IJobBudgetLedger.TryHoldAsync"/>).</summary>
/// <param name="Answer">Reserved, busy or exhausted.</param>
/// <param name="Id">The hold's id when reserved, for its settlement; null otherwise, or from a ledger that keeps no holds.</param>
public readonly record struct BudgetHold(BudgetAnswer Answer, string? Id);

/// <summary>A job's row in the ledger's budgets.</summary>
/// <param name="SpentTokens">Tokens used by settled calls.</param>
/// <param name="SpentCost">Cost of settled calls.</param>
/// <param name="ReservedTokens">Tokens held by calls in flight (and by holds whose process died, until the job's next reservation after their lease releases them).</param>
/// <param name="ReservedCost">Cost held by calls in flight (the same).</param>
public readonly record struct JobBudgetRecord(long SpentTokens, decimal SpentCost, long ReservedTokens, decimal ReservedCost);
