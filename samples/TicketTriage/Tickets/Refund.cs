using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace TicketTriage.Tickets;

/// <summary>
/// The answer to a refund that went through the gate: issued (<see cref="Stations.IssueRefund"/>) or
/// declined (<see cref="Stations.ExplainDecline"/>), with who decided and why.
/// </summary>
/// <param name="TicketId">The ticket answered.</param>
/// <param name="Category">The predicted category.</param>
/// <param name="Confidence">The model's confidence in it.</param>
/// <param name="Priority">How soon to send it.</param>
/// <param name="PriorityReasons">The rules that set the priority.</param>
/// <param name="NeedsReview">True when a person should check the category.</param>
/// <param name="Issued">True when the refund was issued, false when it was declined.</param>
/// <param name="Amount">The amount issued (as approved, edited or not), or the amount declined.</param>
/// <param name="Currency">Its currency.</param>
/// <param name="DecidedBy">Who decided: the approver's name, or "(timeout)".</param>
/// <param name="Edited">True when the approver changed the amount.</param>
/// <param name="Reason">Why it was declined; null when issued.</param>
/// <param name="Subject">The answer's subject line.</param>
/// <param name="Body">The answer's text.</param>
/// <param name="Redactions">Personal data taken out of the ticket.</param>
/// <param name="Fingerprint">The fingerprint of the ticket's normalized text.</param>
/// <param name="ExpectedCategory">The known label, kept so a run can be scored.</param>
public sealed record Refund(
    string TicketId,
    string Category,
    double Confidence,
    Priority Priority,
    IReadOnlyList<string> PriorityReasons,
    bool NeedsReview,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] bool Issued,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] decimal Amount,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] string Currency,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] string DecidedBy,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] bool Edited,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] string? Reason,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] string Subject,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] string Body,
    Redactions Redactions,
    string Fingerprint,
    string ExpectedCategory)
    : TriageOutcome(TicketId, Category, Confidence, Priority, PriorityReasons, NeedsReview, Redactions, Fingerprint, ExpectedCategory)
{
    /// <summary>The <c>"kind"</c> of a refund's JSON line.</summary>
    public const string Kind = "refund";
}
