using System.Collections.Generic;

namespace TicketTriage.Tickets;

/// <summary>The drafted answer to a ticket: what the line gives, one JSON line per reply.</summary>
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
    string Subject,
    string Body,
    Redactions Redactions,
    string Fingerprint,
    string ExpectedCategory);
