using TicketTriage.Tickets;

namespace TicketTriage.Data;

/// <summary>One line of a generated tickets file (see <see cref="TicketFile"/>).</summary>
/// <param name="Ticket">The ticket the line carries; for a broken line, the ticket it was meant to carry.</param>
/// <param name="Malformed">What is wrong with the ticket or with the line, or null when nothing is.</param>
/// <param name="BrokenText">
/// For a broken line (<see cref="MalformedKinds.IsBrokenLine"/>), the line's text as written; null
/// when the line is the ticket's JSON.
/// </param>
public sealed record TicketLine(Ticket Ticket, MalformedKind? Malformed = null, string? BrokenText = null);
