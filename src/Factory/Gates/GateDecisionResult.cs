using System;
using System.Collections.Generic;

namespace Factory.Gates;

/// <summary>The answer to one decision attempt: recorded, or refused with why.</summary>
public sealed class GateDecisionResult
{
    private GateDecisionResult(GateDecision? decision, string? refusal, IReadOnlyList<string> problems)
    {
        Decision = decision;
        Refusal = refusal;
        Problems = problems;
    }

    /// <summary>True when the decision was recorded.</summary>
    public bool Accepted => Decision is not null;

    /// <summary>The recorded decision; null when refused.</summary>
    public GateDecision? Decision { get; }

    /// <summary>Why the attempt was refused, in a sentence naming the item; null when accepted.</summary>
    public string? Refusal { get; }

    /// <summary>For a refused edit, what is wrong with the edited payload, one problem each.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The attempt was recorded as <paramref name="decision"/>.</summary>
    public static GateDecisionResult Recorded(GateDecision decision) => new(decision ?? throw new ArgumentNullException(nameof(decision)), null, []);

    /// <summary>The attempt was refused for <paramref name="refusal"/>, with <paramref name="problems"/> of an edit.</summary>
    public static GateDecisionResult Refused(string refusal, IReadOnlyList<string>? problems = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refusal);
        return new(null, refusal, problems ?? []);
    }

    /// <inheritdoc />
    public override string ToString() => Accepted ? Decision!.Describe() : $"refused: {Refusal}";
}
