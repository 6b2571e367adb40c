namespace TicketTriage.Tickets;

/// <summary>A ticket whose text has been cleaned: one case, one kind of whitespace, no control characters.</summary>
/// <param name="Id">The ticket's id.</param>
/// <param name="Text">The normalized text (it still holds personal data).</param>
/// <param name="Fingerprint">A hash of the normalized text: equal for re-sent copies of a ticket.</param>
/// <param name="ExpectedCategory">The known label, for evaluation only.</param>
public sealed record NormalizedTicket(string Id, string Text, string Fingerprint, string ExpectedCategory);
