using System.Collections.Generic;

namespace TicketTriage.Tickets;

/// <summary>A classified ticket with its priority and the rules that set it.</summary>
/// <param name="Ticket">The classified ticket.</param>
/// <param name="Priority">The priority.</param>
/// <param name="Reasons">Why, one short phrase per rule that fired.</param>
/// <param name="NeedsReview">True when the model was unsure and a person should check the category.</param>
public sealed record Prioritized(Classified Ticket, Priority Priority, IReadOnlyList<string> Reasons, bool NeedsReview)
{
    /// <summary>The known label, for evaluation only.</summary>
    public string ExpectedCategory => Ticket.ExpectedCategory;
}
