using System;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>The <see cref="Refund"/> outcome both routes after the gate give, from the ticket and the decision.</summary>
internal static class RefundAnswers
{
    public static Refund Answer(RefundTicket ticket, bool issued, decimal amount, string currency, string decidedBy, bool edited, string? reason, string subject, string body)
    {
        Classified classified = ticket.Ticket;
        Redacted redacted = classified.Ticket;
        return new Refund(
            ticket.Id,
            classified.Category,
            Math.Round(classified.Confidence, 4),
            ticket.Priority,
            ticket.Reasons,
            ticket.NeedsReview,
            issued,
            amount,
            currency,
            decidedBy,
            edited,
            reason,
            subject,
            body,
            redacted.Redactions,
            redacted.Fingerprint,
            classified.ExpectedCategory);
    }
}
