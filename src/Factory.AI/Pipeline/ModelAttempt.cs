using System;

namespace Factory.AI.Pipeline;

/// <summary>
/// One attempt of a budgeted model call, as <see cref="BudgetChatClient"/> sees it: whether the request
/// was handed to the model's client (<see cref="AttemptSentChatClient"/>, the innermost layer, says so
/// through <see cref="ModelCallScope.Attempt"/>). An attempt that failed before that (a broken circuit, a
/// cancellation while it waited for a concurrency slot) cost nothing; one that failed after it may have
/// been billed.
/// </summary>
internal sealed class ModelAttempt
{
    private volatile bool sent;
    private volatile bool billedFailure;

    /// <summary>True once the request was handed to the model's client.</summary>
    public bool Sent => sent;

    /// <summary>The request is being handed to the model's client.</summary>
    public void MarkSent() => sent = true;

    /// <summary>
    /// An attempt handed to the model's client failed with <paramref name="failure"/>: remembered when it
    /// may have been billed, for a budget that covers several attempts (one put outside the retries).
    /// </summary>
    public void FailedAfterSending(Exception failure) => billedFailure |= ModelFailures.MayBeBilled(failure);

    /// <summary>
    /// Whether this attempt, which brought no answer, may still have been billed: sent (or, where
    /// <paramref name="sendingIsMarked"/> is false, taken as sent), and not refused (<see cref="ModelFailures.MayBeBilled"/>;
    /// a null <paramref name="failure"/> is a stream its reader left part way).
    /// </summary>
    public bool MayHaveBeenBilled(bool sendingIsMarked, Exception? failure) =>
        billedFailure || ((sent || !sendingIsMarked) && (failure is null || ModelFailures.MayBeBilled(failure)));

    /// <summary>
    /// Settles <paramref name="reservation"/> for this attempt, which brought no answer: at its worst case
    /// (<paramref name="input"/> tokens in, the rest of the reservation out, its cost) when it may have been
    /// billed, reported to the thinking unit's call as well; else at nothing.
    /// </summary>
    public void SettleUnanswered(JobSpend spend, Reservation reservation, string modelId, long input, bool sendingIsMarked, Exception? failure)
    {
        if (!MayHaveBeenBilled(sendingIsMarked, failure))
        {
            spend.Settle(reservation, modelId, 0, 0, 0m, countCall: false);
            return;
        }

        spend.Settle(reservation, modelId, input, reservation.Tokens - input, reservation.Cost);
        ModelCallScope.Call?.ChargedUnanswered(input, reservation.Tokens - input, reservation.Cost);
    }
}
