using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Factory.AI;

/// <summary>
/// What a job order has spent on models, and what is reserved for calls in flight. Every call
/// reserves its worst case (input estimate plus the unit's MaxOutputTokens, and their price) before
/// it starts and settles its real usage after, so concurrent calls never take the total past the
/// job's <see cref="JobBudget.MaxTokens"/> or <see cref="JobBudget.MaxCost"/>.
/// One per job order instance, for as long as the job order lives.
/// </summary>
public sealed class JobSpend
{
    private static readonly ConditionalWeakTable<JobOrder, JobSpend> Spends = new();

    private readonly object gate = new();
    private readonly Dictionary<string, ModelUsage> byModel = new(StringComparer.Ordinal);
    private readonly JobBudget budget;
    private long reservedTokens;
    private decimal reservedCost;
    private long inputTokens;
    private long outputTokens;
    private decimal cost;
    private long calls;

    private JobSpend(JobOrder job) => budget = job.Budget;

    /// <summary>The spend of <paramref name="job"/>.</summary>
    public static JobSpend Of(JobOrder job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Spends.GetValue(job, static j => new JobSpend(j));
    }

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
    /// Reserves <paramref name="tokens"/> and <paramref name="price"/> when the budget covers them with
    /// what is used and reserved already.
    /// </summary>
    /// <exception cref="BudgetExhaustedException">It does not; nothing is reserved.</exception>
    public Reservation Reserve(long tokens, decimal price, string jobId)
    {
        lock (gate)
        {
            if (budget.MaxTokens is { } maxTokens && inputTokens + outputTokens + reservedTokens + tokens > maxTokens)
            {
                throw new BudgetExhaustedException(
                    $"job '{jobId}' may use {maxTokens} tokens; {inputTokens + outputTokens} used and {reservedTokens} reserved, and this call may need {tokens}");
            }

            if (budget.MaxCost is { } maxCost && cost + reservedCost + price > maxCost)
            {
                throw new BudgetExhaustedException(
                    $"job '{jobId}' may spend {maxCost}; {cost} spent and {reservedCost} reserved, and this call may cost {price}");
            }

            reservedTokens += tokens;
            reservedCost += price;
            return new Reservation(tokens, price);
        }
    }

    /// <summary>Releases <paramref name="reservation"/> and records what the call really used.</summary>
    /// <param name="reservation">What the call reserved.</param>
    /// <param name="model">The model id the usage is recorded under.</param>
    /// <param name="input">Input tokens used.</param>
    /// <param name="output">Output tokens used.</param>
    /// <param name="spent">Cost of the usage.</param>
    /// <param name="countCall">False for a call that failed before the model answered: its reservation is only released.</param>
    public void Settle(Reservation reservation, string model, long input, long output, decimal spent, bool countCall = true)
    {
        lock (gate)
        {
            reservedTokens -= reservation.Tokens;
            reservedCost -= reservation.Cost;
            if (!countCall)
            {
                return;
            }

            inputTokens += input;
            outputTokens += output;
            cost += spent;
            calls++;
            byModel.TryGetValue(model, out ModelUsage usage);
            byModel[model] = new ModelUsage(usage.Calls + 1, usage.InputTokens + input, usage.OutputTokens + output, usage.Cost + spent);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Calls} calls, {InputTokens} input + {OutputTokens} output tokens, cost {Cost}";
}

/// <summary>Tokens and cost held for one call in flight.</summary>
/// <param name="Tokens">Tokens held.</param>
/// <param name="Cost">Cost held.</param>
public readonly record struct Reservation(long Tokens, decimal Cost);

/// <summary>What one model used for one job.</summary>
/// <param name="Calls">Calls settled.</param>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="Cost">Cost.</param>
public readonly record struct ModelUsage(long Calls, long InputTokens, long OutputTokens, decimal Cost);
