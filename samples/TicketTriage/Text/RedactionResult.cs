using TicketTriage.Tickets;

namespace TicketTriage.Text;

/// <summary>Text with its personal data replaced, and how much was replaced.</summary>
/// <param name="Text">The redacted text.</param>
/// <param name="Redactions">Counts by kind.</param>
public sealed record RedactionResult(string Text, Redactions Redactions);
