using System;
using System.Globalization;
using Factory;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// Assigns a drafted escalation to an on-call queue (see <see cref="OnCallQueues"/>) and gives the
/// <see cref="Escalation"/>: the last station of the <see cref="EscalationLine"/>.
/// </summary>
[Station]
public sealed partial class AssignOnCall
{
    /// <summary>
    /// Assigns one escalation. Declared as the line's output type, <see cref="TriageOutcome"/>, so this
    /// branch and the reply branch merge; <see cref="Assign"/> gives the <see cref="Escalation"/> itself.
    /// </summary>
    public TriageOutcome Process(EscalationNote input) => Assign(input);

    /// <summary>Assigns one escalation.</summary>
    public Escalation Assign(EscalationNote input)
    {
        ArgumentNullException.ThrowIfNull(input);
        UrgentTicket urgent = input.Ticket;
        Classified classified = urgent.Ticket;
        (string queue, int minutes) = OnCallQueues.For(urgent);
        return new Escalation(
            classified.Ticket.Id,
            classified.Category,
            Math.Round(classified.Confidence, 4),
            urgent.Priority,
            urgent.Reasons,
            urgent.NeedsReview,
            queue,
            minutes,
            input.Title,
            string.Create(CultureInfo.InvariantCulture, $"{input.Note}\n\nAssigned to {queue}: acknowledge within {minutes} minutes."),
            classified.Ticket.Redactions,
            classified.Ticket.Fingerprint,
            classified.ExpectedCategory);
    }
}
