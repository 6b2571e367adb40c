using System;
using System.Linq;
using System.Text;
using Factory;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// Drafts the answer from the category's templates (see <see cref="ReplyTemplates"/>): an opening
/// chosen by the ticket id (so the same ticket always gets the same words), the next step, the
/// promised response time, and notes for card numbers, security cases and uncertain categories.
/// The only station of the <see cref="ReplyLine"/>, where the line routes its routine tickets.
/// </summary>
[Station]
public sealed partial class DraftReply
{
    /// <summary>
    /// Drafts the reply to one ticket. Declared as the line's output type, <see cref="TriageOutcome"/>,
    /// so this branch and the escalation branch merge; <see cref="Draft"/> gives the <see cref="Reply"/> itself.
    /// </summary>
    public TriageOutcome Process(RoutineTicket input) => Draft(input);

    /// <summary>Drafts the reply to one ticket.</summary>
    public Reply Draft(RoutineTicket input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Classified classified = input.Ticket;
        Redacted ticket = classified.Ticket;
        ReplyTemplates.CategoryTemplates templates = ReplyTemplates.For(classified.Category);

        var body = new StringBuilder(512);
        body.Append("Hello,\n\n");
        body.Append(templates.Openings[StableIndex(ticket.Id, templates.Openings.Count)]).Append(' ');
        body.Append(templates.NextStep).Append("\n\n");
        if (input.Reasons.Contains(Prioritize.SecurityReason))
        {
            body.Append(ReplyTemplates.SecurityNote).Append(' ');
        }

        body.Append("You will hear from us ").Append(ReplyTemplates.ResponseTime(input.Priority)).Append('.');
        if (ticket.Redactions.Cards > 0)
        {
            body.Append("\n\n").Append(ReplyTemplates.CardNote);
        }

        if (input.NeedsReview)
        {
            body.Append("\n\n").Append(ReplyTemplates.ReviewNote);
        }

        body.Append("\n\n").Append(ReplyTemplates.SignOff);

        return new Reply(
            ticket.Id,
            classified.Category,
            Math.Round(classified.Confidence, 4),
            input.Priority,
            input.Reasons,
            input.NeedsReview,
            templates.Subject.Replace("{id}", ticket.Id, StringComparison.Ordinal),
            body.ToString(),
            ticket.Redactions,
            ticket.Fingerprint,
            classified.ExpectedCategory);
    }

    /// <summary>An index that depends only on <paramref name="key"/> (string.GetHashCode is randomized per process).</summary>
    internal static int StableIndex(string key, int count)
    {
        uint hash = 2166136261;
        foreach (char c in key)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % (uint)count);
    }
}
