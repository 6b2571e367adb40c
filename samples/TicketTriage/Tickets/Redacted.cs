namespace TicketTriage.Tickets;

/// <summary>
/// A normalized ticket with its personal data replaced by placeholders. From here on the line
/// never sees the original text: this record deliberately does not carry the one before it.
/// </summary>
/// <param name="Id">The ticket's id.</param>
/// <param name="Text">The normalized, redacted text.</param>
/// <param name="Fingerprint">The fingerprint of the normalized text.</param>
/// <param name="Redactions">What was taken out.</param>
/// <param name="ExpectedCategory">The known label, for evaluation only.</param>
public sealed record Redacted(string Id, string Text, string Fingerprint, Redactions Redactions, string ExpectedCategory);
