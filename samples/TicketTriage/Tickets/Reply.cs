using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace TicketTriage.Tickets;

/// <summary>The drafted answer to a routine ticket: what the reply line gives.</summary>
/// <param name="TicketId">The ticket answered.</param>
/// <param name="Category">The predicted category.</param>
/// <param name="Confidence">The model's confidence in it.</param>
/// <param name="Priority">How soon to send it.</param>
/// <param name="PriorityReasons">The rules that set the priority.</param>
/// <param name="NeedsReview">True when a person should check the category before sending.</param>
/// <param name="Subject">The reply's subject line.</param>
/// <param name="Body">The reply's text.</param>
/// <param name="Redactions">Personal data taken out of the ticket.</param>
/// <param name="Fingerprint">The fingerprint of the ticket's normalized text (equal for duplicates).</param>
/// <param name="ExpectedCategory">The known label, kept so a run can be scored.</param>
public sealed record Reply(
    string TicketId,
    string Category,
    double Confidence,
    Priority Priority,
    IReadOnlyList<string> PriorityReasons,
    bool NeedsReview,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] string Subject,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] string Body,
    Redactions Redactions,
    string Fingerprint,
    string ExpectedCategory)
    : TriageOutcome(TicketId, Category, Confidence, Priority, PriorityReasons, NeedsReview, Redactions, Fingerprint, ExpectedCategory)
{
    /// <summary>The <c>"kind"</c> of a reply's JSON line.</summary>
    public const string Kind = "reply";
}
