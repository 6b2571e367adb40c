using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace TicketTriage.Tickets;

/// <summary>
/// What the line gives for a ticket it did not discard: a <see cref="Reply"/> drafted for the reply
/// queue, an <see cref="Escalation"/> assigned to an on-call queue, or a <see cref="Refund"/> a person
/// approved or declined. Every branch of the line's routes gives this type, so they merge into the
/// line's one output. One JSON line each: a <c>"kind"</c> of <c>"reply"</c>, <c>"escalation"</c> or <c>"refund"</c>, the fields every outcome has, what the kind
/// adds, then the bookkeeping.
/// </summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="Category">The predicted category.</param>
/// <param name="Confidence">The model's confidence in it.</param>
/// <param name="Priority">How soon it needs an answer.</param>
/// <param name="PriorityReasons">The rules that set the priority.</param>
/// <param name="NeedsReview">True when a person should check the category.</param>
/// <param name="Redactions">Personal data taken out of the ticket.</param>
/// <param name="Fingerprint">The fingerprint of the ticket's normalized text (equal for duplicates).</param>
/// <param name="ExpectedCategory">The known label, kept so a run can be scored.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Reply), Reply.Kind)]
[JsonDerivedType(typeof(Escalation), Escalation.Kind)]
[JsonDerivedType(typeof(Refund), Refund.Kind)]
public abstract record TriageOutcome(
    string TicketId,
    string Category,
    double Confidence,
    Priority Priority,
    IReadOnlyList<string> PriorityReasons,
    bool NeedsReview,
    [property: JsonPropertyOrder(TriageOutcome.TrailingOrder)] Redactions Redactions,
    [property: JsonPropertyOrder(TriageOutcome.TrailingOrder)] string Fingerprint,
    [property: JsonPropertyOrder(TriageOutcome.TrailingOrder)] string ExpectedCategory)
{
    /// <summary>
    /// JSON order of what a kind adds (after the common fields, before the bookkeeping): the
    /// serializer would put a derived record's own properties first.
    /// </summary>
    internal const int OwnOrder = 1;

    /// <summary>JSON order of the bookkeeping fields (redactions, fingerprint, known label): last.</summary>
    internal const int TrailingOrder = 2;
}
