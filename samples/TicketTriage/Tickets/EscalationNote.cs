namespace TicketTriage.Tickets;

/// <summary>An urgent ticket with its escalation drafted, before it is assigned to a queue.</summary>
/// <param name="Ticket">The urgent ticket.</param>
/// <param name="Title">One line for the pager.</param>
/// <param name="Note">The note for the person on call.</param>
public sealed record EscalationNote(UrgentTicket Ticket, string Title, string Note);
