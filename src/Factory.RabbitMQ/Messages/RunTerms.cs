using System.Collections.Generic;
using System.Globalization;

namespace Factory.RabbitMQ;

/// <summary>
/// What a run asks of every worker besides who it is for: the job order's token and cost budget (workers
/// reserve against it in the shared ledger, <see cref="JobOrder.BudgetLedger"/>) and the run's quality
/// sampling. Headers present only when the run has them; the material budget and the deadline stay with
/// the caller (its entry admits inputs; a deadline cancels the run, which its workers hear).
/// </summary>
internal static class RunTerms
{
    public static void Write(Dictionary<string, object?> headers, JobBudget budget, string? sampling)
    {
        if (budget.MaxTokens is { } tokens)
        {
            headers[MessageHeaders.MaxTokens] = tokens;
        }

        if (budget.MaxCost is { } cost)
        {
            headers[MessageHeaders.MaxCost] = cost.ToString(CultureInfo.InvariantCulture);
        }

        if (sampling is not null)
        {
            headers[MessageHeaders.Sampling] = sampling;
        }
    }

    /// <summary>The job's token and cost budget from <paramref name="headers"/> (unlimited when they carry none).</summary>
    /// <exception cref="System.FormatException">A budget header is not a number.</exception>
    public static JobBudget Budget(IDictionary<string, object?>? headers)
    {
        long? tokens = headers?.ContainsKey(MessageHeaders.MaxTokens) == true ? MessageHeaders.Long(headers, MessageHeaders.MaxTokens) : null;
        decimal? cost = MessageHeaders.Text(headers, MessageHeaders.MaxCost) is { } text
            ? decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal parsed) ? parsed : throw new System.FormatException($"The message's '{MessageHeaders.MaxCost}' header is not a number: '{text}'.")
            : null;
        return tokens is null && cost is null ? JobBudget.Unlimited : new JobBudget(MaxTokens: tokens, MaxCost: cost);
    }

    /// <summary>The run's sampling terms, or null.</summary>
    public static string? Sampling(IDictionary<string, object?>? headers) => MessageHeaders.Text(headers, MessageHeaders.Sampling);
}
