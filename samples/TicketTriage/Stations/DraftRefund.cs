using System;
using Factory;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>Drafts the refund a ticket asks for: the first station of the <see cref="RefundLine"/>.</summary>
[Station]
public sealed partial class DraftRefund
{
    /// <summary>The most of the customer's words the approver is shown.</summary>
    public const int RequestLength = 160;

    /// <summary>Drafts the refund of one ticket.</summary>
    public RefundDraft Process(RefundTicket input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string text = input.Ticket.Ticket.Text;
        string request = text.Length <= RequestLength ? text : string.Concat(text.AsSpan(0, RequestLength - 1), "…");
        return new RefundDraft(input.Id, input.Amount, input.Currency, request, input);
    }
}
