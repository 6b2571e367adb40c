using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Factory;
using TicketTriage.Data;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// Writes the escalation note for an urgent ticket: a one-line title for the pager, then why it is
/// urgent, the customer's words (the redacted text, never the original), and first steps for each
/// reason. The first station of the <see cref="EscalationLine"/>.
/// </summary>
[Station]
public sealed partial class DraftEscalation
{
    /// <summary>How much of the customer's (redacted) text the note quotes, in characters.</summary>
    public const int QuoteLength = 400;

    /// <summary>Drafts the escalation of one urgent ticket.</summary>
    public EscalationNote Process(UrgentTicket input)
    {
        Classified classified = input.Ticket;
        Redacted ticket = classified.Ticket;
        string headline = input.Reasons.Count > 0 ? input.Reasons[0] : "urgent";
        string title = string.Create(CultureInfo.InvariantCulture, $"[urgent] {classified.Category}: {headline} (ticket {ticket.Id})");

        var note = new StringBuilder(1024);
        note.Append(CultureInfo.InvariantCulture, $"Ticket {ticket.Id} is urgent. Category: {classified.Category} (model confidence {classified.Confidence:P0}).\n");
        note.Append("\nWhy it is urgent:\n");
        foreach (string reason in input.Reasons)
        {
            note.Append("- ").Append(reason).Append('\n');
        }

        note.Append("\nThe customer wrote (personal data removed):\n> ").Append(Quote(ticket.Text)).Append('\n');
        note.Append("\nFirst steps:\n");
        foreach (string step in FirstSteps(input))
        {
            note.Append("- ").Append(step).Append('\n');
        }

        if (ticket.Redactions.Total > 0)
        {
            note.Append(CultureInfo.InvariantCulture, $"\nRemoved from the ticket: {ticket.Redactions.Emails} email(s), {ticket.Redactions.Phones} phone number(s), {ticket.Redactions.Cards} card number(s).");
        }

        return new EscalationNote(input, title, note.ToString().TrimEnd());
    }

    private static string[] FirstSteps(UrgentTicket input)
    {
        var steps = new System.Collections.Generic.List<string>(4);
        if (input.Reasons.Contains(Prioritize.SecurityReason))
        {
            steps.Add("Treat it as a possible account takeover: end the customer's sessions and check recent log-ins and changes before replying.");
        }

        if (input.Reasons.Contains(Prioritize.LegalReason))
        {
            steps.Add("Do not admit fault or promise compensation in writing; copy the disputes team on the reply.");
        }

        if (input.Reasons.Contains(Prioritize.CardReason))
        {
            steps.Add("A card number was in the message (removed here): tell the customer to contact their bank if it may be misused.");
        }

        if (input.NeedsReview)
        {
            steps.Add("The category is uncertain: read the whole message before routing it further.");
        }

        steps.Add(input.Category switch
        {
            Categories.Billing => "Check the charges and refunds on the account; a wrong charge is refunded today.",
            Categories.Technical => "Check the status page and recent deployments; reproduce the error if you can.",
            Categories.Account => "Verify the customer's identity from the registered address before changing anything.",
            Categories.Shipping => "Ask the carrier for the parcel's status and offer a replacement if it is lost.",
            _ => "Answer the customer personally within the hour.",
        });
        return steps.ToArray();
    }

    private static string Quote(string text)
    {
        string line = text.Replace('\n', ' ');
        return line.Length <= QuoteLength ? line : string.Concat(line.AsSpan(0, QuoteLength), "…");
    }
}
