using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;

namespace Factory.AI;

/// <summary>
/// What a job order has spent on models, and what is reserved for calls in flight. Every call
/// reserves its worst case (everything it sends, estimated, plus the unit's MaxOutputTokens, and
/// their price) before it starts and settles its real usage after, so concurrent calls never take the
/// total past the job's <see cref="JobBudget.MaxTokens"/> or <see cref="JobBudget.MaxCost"/> as long
/// as servers report no more than was reserved. A call whose worst case does not fit beside the calls
/// in flight waits for them to settle (first come, first served); it is refused only when the settled
/// spend plus its worst case exceeds the budget, which no settlement can cure. A server that reports
/// more than was reserved has its real usage recorded: the budget is then exceeded by at most those
/// overages, and every later call that no longer fits is refused.
/// One per job order instance, for as long as the job order lives.
/// <para>
/// A job whose calls run in several processes counts in a shared ledger instead
/// (<see cref="Of(JobOrder, IJobBudgetLedger)"/>): each reservation is taken in the ledger's row of the
/// job only when it fits beside what every process spent and reserved, and each settlement is written
/// there, so the processes together keep the budget. A call that does not fit beside calls in flight
/// elsewhere asks again every <see cref="SharedPoll"/> (the ledger does not say when they settle), so
/// across processes it is not first come, first served. A reservation there is a hold with a lease
/// (<see cref="SharedLease"/>): should its process die before the call settles, the job's next reservation
/// after the lease releases it, instead of the job's budget staying held for good.
/// </para>
/// </summary>
public sealed class JobSpend
{
    private static readonly ConditionalWeakTable<JobOrder, JobSpend> Spends = new();

    private readonly object gate = new();
    private readonly Dictionary<string, ModelUsage> byModel = new(StringComparer.Ordinal);
    private readonly LinkedList<Waiter> waiting = new();
    private readonly JobBudget budget;
    private readonly string jobId;
    private readonly string tenant;
    private readonly IJobBudgetLedger? shared;
    private long reservedTokens;
    private decimal reservedCost;
    private long inputTokens;
    private long outputTokens;
    private decimal cost;
    private long calls;
    private int sharedWaiting;

    private JobSpend(JobOrder job, IJobBudgetLedger? shared)
    {
        budget = job.Budget;
        jobId = job.Id;
        tenant = job.Tenant;
        this.shared = shared;
    }

    /// <summary>How long a call that does not fit beside calls in flight in other processes waits before it asks the shared ledger again.</summary>
    public static TimeSpan SharedPoll { get; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How long a reservation in a shared ledger is held for a call before the job's other reservations may take it
    /// back (its process died): longer than any model call takes. A call still going when its lease ends keeps
    /// running and settles what it used, but what it held may have been reserved again by then, so the job can
    /// exceed its budget by that call's worst case. Process-wide; 15 minutes unless set.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public static TimeSpan SharedLease
    {
        get => sharedLease;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            sharedLease = value;
        }
    }

    private static TimeSpan sharedLease = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The spend of <paramref name="job"/>: counted in the ledger given to <see cref="Of(JobOrder, IJobBudgetLedger)"/>
    /// first, if any, else in the job's <see cref="JobOrder.BudgetLedger"/>, else in this process.
    /// </summary>
    public static JobSpend Of(JobOrder job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Spends.GetValue(job, static j => new JobSpend(j, j.BudgetLedger));
    }

    /// <summary>
    /// The spend of <paramref name="job"/>, its reservations and settlements kept in
    /// <paramref name="ledger"/>'s row of the job id, where every process charging the same job counts
    /// (the totals here are this process's share). Call it before the job's first model call.
    /// </summary>
    /// <exception cref="InvalidOperationException">This job order's spend is already counted elsewhere (in this process only, or in another ledger).</exception>
    public static JobSpend Of(JobOrder job, IJobBudgetLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(ledger);
        JobSpend spend = Spends.GetValue(job, j => new JobSpend(j, ledger));
        return ReferenceEquals(spend.shared, ledger)
            ? spend
            : throw new InvalidOperationException($"job '{job.Id}' already counts its spend {(spend.shared is null ? "in this process only" : "in another ledger")}: share it in the ledger before its first model call");
    }

    /// <summary>The ledger this spend is reserved in across processes, or null (this process only).</summary>
    public IJobBudgetLedger? Ledger => shared;

    /// <summary>Input tokens used by settled calls.</summary>
    public long InputTokens { get { lock (gate) { return inputTokens; } } }

    /// <summary>Output tokens used by settled calls.</summary>
    public long OutputTokens { get { lock (gate) { return outputTokens; } } }

    /// <summary>All tokens used by settled calls.</summary>
    public long Tokens { get { lock (gate) { return inputTokens + outputTokens; } } }

    /// <summary>Cost of settled calls, from the models' prices.</summary>
    public decimal Cost { get { lock (gate) { return cost; } } }

    /// <summary>Settled calls.</summary>
    public long Calls { get { lock (gate) { return calls; } } }

    /// <summary>Tokens reserved by calls in flight.</summary>
    public long ReservedTokens { get { lock (gate) { return reservedTokens; } } }

    /// <summary>Calls waiting for calls in flight to settle before they can reserve.</summary>
    public int Waiting { get { lock (gate) { return waiting.Count + Volatile.Read(ref sharedWaiting); } } }

    /// <summary>Usage per model id.</summary>
    public IReadOnlyDictionary<string, ModelUsage> ByModel
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, ModelUsage>(byModel, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>
    /// Reserves <paramref name="tokens"/> and <paramref name="price"/> (a call's worst case): at once
    /// when they fit beside what is spent and reserved and no call waits before this one; otherwise
    /// after calls in flight have settled enough of their reservations, in the order calls came.
    /// </summary>
    /// <exception cref="BudgetExhaustedException">
    /// The spend settled so far plus the worst case exceeds the budget (now, or after the calls it
    /// waited for settled); nothing is reserved. The message names the job, the budget, what is spent and the worst case.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while the call waited.</exception>
    public ValueTask<Reservation> ReserveAsync(long tokens, decimal price, string jobId, CancellationToken cancellationToken = default)
    {
        if (shared is not null)
        {
            return ReserveSharedAsync(tokens, price, jobId, cancellationToken);
        }

        Waiter waiter;
        lock (gate)
        {
            if (Refusal(tokens, price, jobId) is { } refused)
            {
                throw refused;
            }

            if (waiting.Count == 0 && Fits(tokens, price))
            {
                return ValueTask.FromResult(Hold(tokens, price));
            }

            waiter = new Waiter(tokens, price, jobId);
            waiter.Node = waiting.AddLast(waiter);
        }

        return WaitAsync(waiter, cancellationToken);
    }

    /// <summary>
    /// Reserves <paramref name="tokens"/> and <paramref name="price"/> when they fit now beside what is
    /// spent and reserved, and no call is waiting; it never waits (<see cref="ReserveAsync"/> does).
    /// </summary>
    /// <exception cref="BudgetExhaustedException">They do not; nothing is reserved.</exception>
    public Reservation Reserve(long tokens, decimal price, string jobId)
    {
        if (shared is not null)
        {
            // The relational ledgers answer synchronously: nothing here waits on a thread pool.
            BudgetHold hold = shared.TryHoldAsync(tenant, this.jobId, budget, tokens, price, SharedLease).GetAwaiter().GetResult();
            return hold.Answer switch
            {
                BudgetAnswer.Reserved => HoldShared(tokens, price, hold.Id),
                BudgetAnswer.Exhausted => throw SharedRefusal(tokens, price, jobId),
                _ => throw new BudgetExhaustedException($"job '{jobId}' has calls in flight (in some process) holding the budget, and this call may need {tokens} tokens and {price} more; wait for them with ReserveAsync"),
            };
        }

        lock (gate)
        {
            if (Refusal(tokens, price, jobId) is { } refused)
            {
                throw refused;
            }

            if (waiting.Count > 0 || !Fits(tokens, price))
            {
                throw new BudgetExhaustedException(
                    $"job '{jobId}' has {reservedTokens} tokens and {reservedCost} reserved by calls in flight, and this call may need {tokens} tokens and {price} more; wait for them with ReserveAsync");
            }

            return Hold(tokens, price);
        }
    }

    /// <summary>Releases <paramref name="reservation"/> and records what the call really used (even more than it reserved).</summary>
    /// <param name="reservation">What the call reserved.</param>
    /// <param name="model">The model id the usage is recorded under.</param>
    /// <param name="input">Input tokens used.</param>
    /// <param name="output">Output tokens used.</param>
    /// <param name="spent">Cost of the usage.</param>
    /// <param name="countCall">False for a call that failed before the model answered: its reservation is only released.</param>
    public void Settle(Reservation reservation, string model, long input, long output, decimal spent, bool countCall = true)
    {
        // The ledger first: a settlement that cannot be written leaves the reservation held there, and here.
        if (shared is not null)
        {
            (reservation.HoldId is { } holdId
                ? shared.SettleHoldAsync(tenant, jobId, holdId, reservation.Tokens, reservation.Cost, countCall ? input + output : 0, countCall ? spent : 0m)
                : shared.SettleAsync(tenant, jobId, reservation.Tokens, reservation.Cost, countCall ? input + output : 0, countCall ? spent : 0m)).GetAwaiter().GetResult();
        }

        lock (gate)
        {
            reservedTokens -= reservation.Tokens;
            reservedCost -= reservation.Cost;
            if (countCall)
            {
                inputTokens += input;
                outputTokens += output;
                cost += spent;
                calls++;
                byModel.TryGetValue(model, out ModelUsage usage);
                byModel[model] = new ModelUsage(usage.Calls + 1, usage.InputTokens + input, usage.OutputTokens + output, usage.Cost + spent);
            }

            Admit();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Calls} calls, {InputTokens} input + {OutputTokens} output tokens, cost {Cost}";

    /// <summary>True when the worst case fits beside what is spent and reserved.</summary>
    private bool Fits(long tokens, decimal price) =>
        (budget.MaxTokens is not { } maxTokens || inputTokens + outputTokens + reservedTokens + tokens <= maxTokens)
        && (budget.MaxCost is not { } maxCost || cost + reservedCost + price <= maxCost);

    /// <summary>The refusal of a worst case that cannot fit even when every call in flight has settled (settled spend only grows); null when it can.</summary>
    private BudgetExhaustedException? Refusal(long tokens, decimal price, string jobId)
    {
        if (budget.MaxTokens is { } maxTokens && inputTokens + outputTokens + tokens > maxTokens)
        {
            return new BudgetExhaustedException($"job '{jobId}' may use {maxTokens} tokens; {inputTokens + outputTokens} are spent, and this call may need {tokens}");
        }

        return budget.MaxCost is { } maxCost && cost + price > maxCost
            ? new BudgetExhaustedException($"job '{jobId}' may spend {maxCost}; {cost} is spent, and this call may cost {price}")
            : null;
    }

    /// <summary>Asks the shared ledger until the worst case is reserved there, or refused, or the caller gives up.</summary>
    private async ValueTask<Reservation> ReserveSharedAsync(long tokens, decimal price, string callerJobId, CancellationToken cancellationToken)
    {
        while (true)
        {
            BudgetHold hold = await shared!.TryHoldAsync(tenant, jobId, budget, tokens, price, SharedLease, cancellationToken).ConfigureAwait(false);
            switch (hold.Answer)
            {
                case BudgetAnswer.Reserved:
                    return HoldShared(tokens, price, hold.Id);
                case BudgetAnswer.Exhausted:
                    throw SharedRefusal(tokens, price, callerJobId);
            }

            Interlocked.Increment(ref sharedWaiting);
            try
            {
                await Task.Delay(SharedPoll, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref sharedWaiting);
            }
        }
    }

    private Reservation HoldShared(long tokens, decimal price, string? holdId)
    {
        lock (gate)
        {
            return Hold(tokens, price) with { HoldId = holdId };
        }
    }

    private BudgetExhaustedException SharedRefusal(long tokens, decimal price, string callerJobId) =>
        new($"job '{callerJobId}' may use {Describe(budget)} in every process together; what they spent, with this call's {tokens} tokens and {price}, would exceed it");

    private static string Describe(JobBudget budget) =>
        (budget.MaxTokens, budget.MaxCost) switch
        {
            ({ } t, { } c) => $"{t} tokens and {c}",
            ({ } t, null) => $"{t} tokens",
            (null, { } c) => $"{c}",
            _ => "no limit",
        };

    private Reservation Hold(long tokens, decimal price)
    {
        reservedTokens += tokens;
        reservedCost += price;
        return new Reservation(tokens, price);
    }

    /// <summary>
    /// After a settlement (or a waiter leaving): refuses every waiter that can no longer fit, then
    /// grants waiters from the front while they fit. The front one waits only while calls are in
    /// flight (otherwise it either fits or is refused), so waiting always ends.
    /// </summary>
    private void Admit()
    {
        for (LinkedListNode<Waiter>? node = waiting.First; node is not null;)
        {
            LinkedListNode<Waiter>? next = node.Next;
            Waiter waiter = node.Value;
            if (Refusal(waiter.Tokens, waiter.Price, waiter.JobId) is { } refused)
            {
                waiting.Remove(node);
                waiter.Completion.TrySetException(refused);
            }

            node = next;
        }

        while (waiting.First is { } first && Fits(first.Value.Tokens, first.Value.Price))
        {
            waiting.RemoveFirst();
            first.Value.Completion.TrySetResult(Hold(first.Value.Tokens, first.Value.Price));
        }
    }

    private async ValueTask<Reservation> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        using CancellationTokenRegistration registration = cancellationToken.UnsafeRegister(
            static (state, token) =>
            {
                var (spend, waiter) = ((JobSpend, Waiter))state!;
                spend.Cancel(waiter, token);
            },
            (this, waiter));
        return await waiter.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>Takes a cancelled waiter out of the line, unless it was granted or refused already.</summary>
    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (gate)
        {
            if (waiter.Node?.List is null)
            {
                return;
            }

            waiting.Remove(waiter.Node);
            waiter.Completion.TrySetCanceled(token);

            // The front may have been this waiter: the next one may fit now.
            Admit();
        }
    }

    /// <summary>A call waiting to reserve its worst case.</summary>
    private sealed class Waiter(long tokens, decimal price, string jobId)
    {
        public long Tokens { get; } = tokens;

        public decimal Price { get; } = price;

        public string JobId { get; } = jobId;

        /// <summary>Completed with the reservation, the refusal or the cancellation; continuations never run under the lock.</summary>
        public TaskCompletionSource<Reservation> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }
}
