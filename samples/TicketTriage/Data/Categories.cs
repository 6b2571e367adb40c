using System.Collections.Generic;

namespace TicketTriage.Data;

/// <summary>
/// The ticket categories the sample knows, and how often each occurs in generated traffic: five a
/// customer writes about, and spam (offers, scams and phishing that reach the support address too),
/// which the line discards.
/// </summary>
public static class Categories
{
    /// <summary>Payments, invoices, refunds, subscriptions.</summary>
    public const string Billing = "billing";

    /// <summary>Crashes, errors, slowness, integrations.</summary>
    public const string Technical = "technical";

    /// <summary>Log-in, passwords, profile, security.</summary>
    public const string Account = "account";

    /// <summary>Deliveries, tracking, returns.</summary>
    public const string Shipping = "shipping";

    /// <summary>Praise, complaints, ideas.</summary>
    public const string Feedback = "feedback";

    /// <summary>Not from a customer: advertising, scams, phishing. Discarded by the line's routes.</summary>
    public const string Spam = "spam";

    /// <summary>Every category, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [Billing, Technical, Account, Shipping, Feedback, Spam];

    /// <summary>The categories a customer writes about: every one but <see cref="Spam"/>.</summary>
    public static IReadOnlyList<string> Customer { get; } = [Billing, Technical, Account, Shipping, Feedback];

    /// <summary>Relative frequency of each category in <see cref="All"/> order (they add up to 100).</summary>
    public static IReadOnlyList<int> Weights { get; } = [23, 26, 19, 17, 9, 6];
}
