using System;
using System.Globalization;
using Factory;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>Answers a refund the approver rejected (or nobody decided in time): no money moves.</summary>
[Station]
public sealed partial class ExplainDecline
{
    /// <summary>Drafts the answer to a declined refund.</summary>
    public TriageOutcome Process(Rejected<RefundDraft> rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        RefundDraft draft = rejected.Payload;
        RefundTicket ticket = draft.Ticket;
        string amount = string.Create(CultureInfo.InvariantCulture, $"{draft.Amount:0.00} {draft.Currency}");
        string body = "Hello,\n\n"
            + $"We looked at your request for a refund of {amount} and cannot refund it as it stands. "
            + "Our billing team will write to you with the details and what we can do instead."
            + "\n\n" + ReplyTemplates.SignOff;
        return RefundAnswers.Answer(ticket, issued: false, draft.Amount, draft.Currency, rejected.Approver, edited: false, rejected.Reason, $"About your refund request (ticket {ticket.Id})", body);
    }
}
