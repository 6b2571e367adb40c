using System;
using System.Collections.Generic;
using System.Linq;
using TicketTriage.Data;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// Where urgent tickets go: the on-call queues and how soon each must pick a ticket up. A sign of
/// fraud or an intruder goes to security whatever the category; talk of lawyers or chargebacks to
/// disputes; anything else to the queue of its category.
/// </summary>
public static class OnCallQueues
{
    /// <summary>Fraud and account takeovers.</summary>
    public const string Security = "security-oncall";

    /// <summary>Chargebacks and legal threats.</summary>
    public const string Disputes = "disputes-oncall";

    /// <summary>Urgent payment problems.</summary>
    public const string Billing = "billing-oncall";

    /// <summary>Urgent outages and errors.</summary>
    public const string Engineering = "engineering-oncall";

    /// <summary>Urgent log-in and account problems.</summary>
    public const string Identity = "identity-oncall";

    /// <summary>Urgent deliveries.</summary>
    public const string Logistics = "logistics-oncall";

    /// <summary>Everything else that is urgent.</summary>
    public const string SupportLeads = "support-leads";

    /// <summary>Every queue, in the order the summary lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Security, Disputes, Billing, Engineering, Identity, Logistics, SupportLeads];

    /// <summary>The queue for <paramref name="ticket"/> and the minutes it has to acknowledge it.</summary>
    public static (string Queue, int AcknowledgeWithinMinutes) For(Triaged ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.Reasons.Contains(Prioritize.SecurityReason))
        {
            return (Security, 15);
        }

        if (ticket.Reasons.Contains(Prioritize.LegalReason))
        {
            return (Disputes, 60);
        }

        string queue = ticket.Category switch
        {
            Categories.Billing => Billing,
            Categories.Technical => Engineering,
            Categories.Account => Identity,
            Categories.Shipping => Logistics,
            _ => SupportLeads,
        };
        return (queue, 30);
    }
}
