namespace TicketTriage.Tickets;

/// <summary>A redacted ticket with the category the model chose.</summary>
/// <param name="Ticket">The redacted ticket.</param>
/// <param name="Category">The predicted category.</param>
/// <param name="Confidence">The model's posterior probability of that category, 0..1.</param>
public sealed record Classified(Redacted Ticket, string Category, double Confidence)
{
    /// <summary>The known label, for evaluation only.</summary>
    public string ExpectedCategory => Ticket.ExpectedCategory;
}
