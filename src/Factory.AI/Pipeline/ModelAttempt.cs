using System;

namespace Factory.AI.Pipeline;

/// <summary>
/// One attempt of a budgeted model call, as <see cref="BudgetChatClient"/> and <see cref="BudgetEmbeddingGenerator"/> see it: whether the request
/// was handed to the model's client (<see cref="AttemptSentChatClient"/>, the innermost layer, says so
/// through <see cref="ModelCallScope.Attempt"/>). An attempt that failed before that (a broken circuit, a
/// cancellation while it waited for a concurrency slot) cost nothing; one that failed after it may have
/// been billed.
/// </summary>
internal sealed class ModelAttempt
{
    // Where nothing marks sending (a budget layer in a pipeline of your own), every failed attempt is taken as sent.
    private readonly bool sendingIsMarked;
    private volatile bool sent;
    private volatile bool billedFailure;

    private ModelAttempt(bool sendingIsMarked) => this.sendingIsMarked = sendingIsMarked;

    /// <summary>
    /// A new attempt, made the one in progress (<see cref="ModelCallScope.Attempt"/>) for the layers below;
    /// <paramref name="sendingIsMarked"/> when one of them marks it sent.
    /// </summary>
    public static ModelAttempt Begin(bool sendingIsMarked)
    {
        var attempt = new ModelAttempt(sendingIsMarked);
        ModelCallScope.Attempt = attempt;
        return attempt;
    }

    /// <summary>The request is being handed to the model's client.</summary>
    public void MarkSent() => sent = true;

    /// <summary>
    /// An attempt handed to the model's client failed with <paramref name="failure"/>: remembered when it
    /// may have been billed, for a budget that covers several attempts (one put outside the retries).
    /// </summary>
    public void FailedAfterSending(Exception failure) => billedFailure |= ModelFailures.MayBeBilled(failure);

    /// <summary>
    /// Settles <paramref name="reservation"/> for this attempt, which brought no answer: at its worst case
    /// (<paramref name="input"/> tokens in, the rest of the reservation out, its cost), reported to the
    /// thinking unit's call as well, when it may have been billed: sent (or taken as sent) and not refused
    /// (<see cref="ModelFailures.MayBeBilled"/>; a null <paramref name="failure"/> is a stream its reader
    /// left part way), or an earlier attempt under the same reservation was; else at nothing.
    /// </summary>
    public void SettleUnanswered(JobSpend spend, Reservation reservation, string modelId, long input, Exception? failure)
    {
        bool billed = billedFailure || ((sent || !sendingIsMarked) && (failure is null || ModelFailures.MayBeBilled(failure)));
        if (!billed)
        {
            spend.Settle(reservation, modelId, 0, 0, 0m, countCall: false);
            return;
        }

        spend.Settle(reservation, modelId, input, reservation.Tokens - input, reservation.Cost);
        ModelCallScope.Call?.ChargedUnanswered(input, reservation.Tokens - input, reservation.Cost);
    }
}
