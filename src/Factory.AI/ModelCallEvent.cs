using System;

namespace Factory.AI;

/// <summary>How one model call ended.</summary>
public enum ModelCallOutcome
{
    /// <summary>The output got past inspection.</summary>
    Accepted,

    /// <summary>The model answered, but the output was not valid JSON for the output type or failed inspection.</summary>
    Rejected,

    /// <summary>The call failed (HTTP error, timeout, open circuit) after its retries.</summary>
    Failed,

    /// <summary>The call's next attempt was not made: the job's budget cannot cover its worst case (an earlier attempt, retried, may have been charged).</summary>
    BudgetExhausted,

    /// <summary>The caller cancelled.</summary>
    Cancelled,
}

/// <summary>
/// One model call a thinking unit made: for provenance, telemetry and cost accounting. Raised by
/// <see cref="ModelCatalog.ModelCalled"/> and recorded as a <c>gen_ai.chat</c> span.
/// </summary>
/// <param name="Unit">The thinking unit (station name).</param>
/// <param name="PromptVersion">The unit's version, which versions its prompt.</param>
/// <param name="LogicalModel">The logical name the unit asked for.</param>
/// <param name="Model">The catalog entry that served it.</param>
/// <param name="ModelId">The model id the endpoint reported (or the entry's model id).</param>
/// <param name="MaterialId">The material, or 0 outside a line.</param>
/// <param name="Round">1 for the first ask of a material on a model, 2 for the first re-ask, and so on.</param>
/// <param name="InputTokens">Input tokens used, with the worst case of every attempt charged though unanswered (it may have been billed).</param>
/// <param name="OutputTokens">Output tokens used, likewise.</param>
/// <param name="Cost">Cost, from the model's prices, likewise.</param>
/// <param name="Latency">Time from the request to the whole answer.</param>
/// <param name="TimeToFirstToken">Time to the first streamed text, when streaming.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">Why it failed or was rejected, redacted.</param>
/// <param name="CacheHit">True when the memory tier answered (no model was called: 0 tokens, 0 cost).</param>
public sealed record ModelCallEvent(
    string Unit,
    string PromptVersion,
    string LogicalModel,
    string Model,
    string ModelId,
    long MaterialId,
    int Round,
    long InputTokens,
    long OutputTokens,
    decimal Cost,
    TimeSpan Latency,
    TimeSpan? TimeToFirstToken,
    ModelCallOutcome Outcome,
    string? Error,
    bool CacheHit = false);
