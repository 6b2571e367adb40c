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

    /// <summary>True once the request was handed to the model's client.</summary>
    public bool Sent => sent;

    /// <summary>The request is being handed to the model's client.</summary>
    public void MarkSent() => sent = true;

    /// <summary>
    /// Whether this attempt, which brought no answer, may still have been billed: sent (or, where
    /// <paramref name="sendingIsMarked"/> is false, taken as sent), and not refused (<see cref="ModelFailures.MayBeBilled"/>;
    /// a null <paramref name="failure"/> is a stream its reader left part way).
    /// </summary>
    public bool MayHaveBeenBilled(bool sendingIsMarked, Exception? failure) =>
        (sent || !sendingIsMarked) && (failure is null || ModelFailures.MayBeBilled(failure));
}
