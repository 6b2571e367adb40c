using System.ComponentModel.DataAnnotations;

namespace TicketTriage.Tickets;

/// <summary>
/// A refund drafted from a ticket: what waits at the <see cref="Stations.ApproveRefund"/> gate. An
/// approver may edit the amount; the generated check holds an edit to these annotations.
/// </summary>
/// <param name="TicketId">The ticket that asks for it.</param>
/// <param name="Amount">How much to refund.</param>
/// <param name="Currency">In which currency: USD, EUR or GBP.</param>
/// <param name="Request">The customer's words (redacted), as the approver reads them.</param>
/// <param name="Ticket">The triaged ticket, for the answer after the decision.</param>
public sealed record RefundDraft(
    string TicketId,
    [property: Range(1, 5_000)] decimal Amount,
    [property: Required, AllowedValues("USD", "EUR", "GBP")] string Currency,
    string Request,
    RefundTicket Ticket);
