using System;
using System.Globalization;
using Factory;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// Issues an approved refund through the <see cref="RefundBook"/> and answers the customer. It acts
/// outside the line (<c>Effects</c>), so the build lets only the gate's approved route reach it
/// (FCT0025). The book is keyed by the job and the material id, so a material that comes this way
/// twice is refunded once.
/// </summary>
[Station(Effects = "refunds:issue")]
public sealed partial class IssueRefund(RefundBook book)
{
    /// <summary>Issues the refund as approved (edited or not) and drafts the answer.</summary>
    public TriageOutcome Process(Approved<RefundDraft> approved, StationContext context)
    {
        ArgumentNullException.ThrowIfNull(approved);
        ArgumentNullException.ThrowIfNull(context);
        RefundDraft draft = approved.Payload;
        book.Issue(string.Create(CultureInfo.InvariantCulture, $"{context.Job.Id}/{context.MaterialId}"), draft.TicketId, draft.Amount, draft.Currency);
        RefundTicket ticket = draft.Ticket;
        string amount = string.Create(CultureInfo.InvariantCulture, $"{draft.Amount:0.00} {draft.Currency}");
        string body = "Hello,\n\n"
            + $"We have refunded {amount} to your original payment method; it shows on your statement within 5 to 10 business days."
            + "\n\n" + ReplyTemplates.SignOff;
        return RefundAnswers.Answer(ticket, issued: true, draft.Amount, draft.Currency, approved.Approver, approved.Edited, reason: null, $"Your refund of {amount} (ticket {ticket.Id})", body);
    }
}
