namespace TicketTriage.Tickets;

/// <summary>A support ticket as it arrives: an id and the customer's text, exactly as written.</summary>
/// <param name="Id">The ticket's id; empty when the sender's system lost it.</param>
/// <param name="Body">The customer's message, unedited (noise, personal data and all).</param>
/// <param name="ExpectedCategory">
/// The known label, carried through the line only to measure the classifier at the end of a run.
/// No station reads it to make a decision.
/// </param>
public sealed record Ticket(string Id, string Body, string ExpectedCategory);
