using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace TicketTriage.Tickets;

/// <summary>An urgent ticket handed to a person on call: what the escalation line gives.</summary>
/// <param name="TicketId">The ticket escalated.</param>
/// <param name="Category">The predicted category.</param>
/// <param name="Confidence">The model's confidence in it.</param>
/// <param name="Priority">Always <see cref="Priority.Urgent"/>.</param>
/// <param name="PriorityReasons">The rules that made it urgent.</param>
/// <param name="NeedsReview">True when the category is uncertain.</param>
/// <param name="Queue">The on-call queue it is assigned to (see <see cref="Stations.OnCallQueues"/>).</param>
/// <param name="AcknowledgeWithinMinutes">How soon the person on call must pick it up.</param>
/// <param name="Title">One line for the pager.</param>
/// <param name="Note">The escalation note: what happened, why it is urgent, the customer's words (redacted), first steps.</param>
/// <param name="Redactions">Personal data taken out of the ticket.</param>
/// <param name="Fingerprint">The fingerprint of the ticket's normalized text.</param>
/// <param name="ExpectedCategory">The known label, kept so a run can be scored.</param>
public sealed record Escalation(
    string TicketId,
    string Category,
    double Confidence,
    Priority Priority,
    IReadOnlyList<string> PriorityReasons,
    bool NeedsReview,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] string Queue,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] int AcknowledgeWithinMinutes,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] string Title,
    [property: JsonPropertyOrder(TriageOutcome.OwnOrder)] string Note,
    Redactions Redactions,
    string Fingerprint,
    string ExpectedCategory)
    : TriageOutcome(TicketId, Category, Confidence, Priority, PriorityReasons, NeedsReview, Redactions, Fingerprint, ExpectedCategory)
{
    /// <summary>The <c>"kind"</c> of an escalation's JSON line.</summary>
    public const string Kind = "escalation";
}
