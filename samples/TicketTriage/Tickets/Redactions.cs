namespace TicketTriage.Tickets;

/// <summary>How many pieces of personal data were taken out of a ticket, by kind.</summary>
/// <param name="Emails">Email addresses replaced by <c>[email]</c>.</param>
/// <param name="Phones">Phone numbers replaced by <c>[phone]</c>.</param>
/// <param name="Cards">Payment card numbers (Luhn-valid) replaced by <c>[card]</c>.</param>
public sealed record Redactions(int Emails, int Phones, int Cards)
{
    /// <summary>No personal data found.</summary>
    public static Redactions None { get; } = new(0, 0, 0);

    /// <summary>All redactions together.</summary>
    public int Total => Emails + Phones + Cards;
}
