using System.Collections.Generic;

namespace TicketTriage.Tickets;

/// <summary>
/// A classified ticket with its priority, the rules that set it, and where it goes next: what
/// <see cref="Stations.Prioritize"/> gives. The line routes on the run-time type, so the hierarchy is
/// closed: <see cref="UrgentTicket"/>, <see cref="SpamTicket"/>, <see cref="RefundTicket"/> and
/// <see cref="RoutineTicket"/>, all sealed, and the line has a route for each (the build checks that none is missing).
/// </summary>
/// <param name="Ticket">The classified ticket.</param>
/// <param name="Priority">The priority.</param>
/// <param name="Reasons">Why, one short phrase per rule that fired.</param>
/// <param name="NeedsReview">True when the model was unsure and a person should check the category.</param>
public abstract record Triaged(Classified Ticket, Priority Priority, IReadOnlyList<string> Reasons, bool NeedsReview)
{
    /// <summary>The ticket's id.</summary>
    public string Id => Ticket.Ticket.Id;

    /// <summary>The predicted category.</summary>
    public string Category => Ticket.Category;

    /// <summary>The known label, for evaluation only.</summary>
    public string ExpectedCategory => Ticket.ExpectedCategory;
}

/// <summary>A ticket that cannot wait for the reply queue: it goes to the on-call escalation line.</summary>
public sealed record UrgentTicket(Classified Ticket, Priority Priority, IReadOnlyList<string> Reasons, bool NeedsReview)
    : Triaged(Ticket, Priority, Reasons, NeedsReview);

/// <summary>Not from a customer (advertising, scams, phishing), and the model is sure of it: discarded.</summary>
public sealed record SpamTicket(Classified Ticket, Priority Priority, IReadOnlyList<string> Reasons, bool NeedsReview)
    : Triaged(Ticket, Priority, Reasons, NeedsReview);

/// <summary>
/// A routine billing ticket that asks for a refund of more than <see cref="Stations.RefundRequests.GateAbove"/>:
/// a person decides on it at the refund gate.
/// </summary>
/// <param name="Amount">The amount the customer asks for (the first one the ticket names).</param>
/// <param name="Currency">Its currency: USD, EUR or GBP.</param>
public sealed record RefundTicket(Classified Ticket, Priority Priority, IReadOnlyList<string> Reasons, bool NeedsReview, decimal Amount, string Currency)
    : Triaged(Ticket, Priority, Reasons, NeedsReview);

/// <summary>Everything else: it gets a drafted reply.</summary>
public sealed record RoutineTicket(Classified Ticket, Priority Priority, IReadOnlyList<string> Reasons, bool NeedsReview)
    : Triaged(Ticket, Priority, Reasons, NeedsReview);
