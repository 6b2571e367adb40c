using System;
using System.Collections.Generic;
using TicketTriage.Data;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// The words of drafted replies: per category a subject and a few openings and next steps, and per
/// priority the promised response time. <c>{id}</c> stands for the ticket id.
/// </summary>
public static class ReplyTemplates
{
    private static readonly Dictionary<string, CategoryTemplates> ByCategory = new(StringComparer.Ordinal)
    {
        [Categories.Billing] = new(
            "Your billing question (ticket {id})",
            [
                "Thanks for reaching out about your bill.",
                "Sorry about the trouble with your payment.",
                "Thank you for flagging this charge.",
            ],
            "Our billing team is checking the charges on your account and will correct anything that is wrong; refunds go back to the original payment method within 5 to 10 business days."),
        [Categories.Technical] = new(
            "We're looking into the problem (ticket {id})",
            [
                "Thanks for reporting this, and sorry it got in your way.",
                "Sorry the product isn't working as it should.",
                "Thank you for the details about this error.",
            ],
            "An engineer is looking into it. Meanwhile, updating to the latest version and restarting the app fixes most problems; if it happens again, a screenshot and the time it happened help us a lot."),
        [Categories.Account] = new(
            "About your account (ticket {id})",
            [
                "Thanks for contacting us about your account.",
                "Sorry you're having trouble getting into your account.",
                "Thank you for letting us know.",
            ],
            "For your security we'll verify that the request comes from you before changing anything: please answer from the address registered on the account. We will never ask for your password."),
        [Categories.Shipping] = new(
            "Your delivery (ticket {id})",
            [
                "Thanks for getting in touch about your order.",
                "Sorry your delivery didn't go as planned.",
                "Thank you for letting us know about your parcel.",
            ],
            "We've asked the carrier for an update. If the parcel is lost or arrived damaged we will send a replacement or refund it, whichever you prefer."),
        [Categories.Feedback] = new(
            "Thank you for your feedback (ticket {id})",
            [
                "Thank you for taking the time to write to us.",
                "We really appreciate your feedback.",
                "Thanks for sharing your thoughts with us.",
            ],
            "We've passed your comments to the product team, who read every message; ideas like yours shape what we build next."),

        // Only for a message the model thinks is spam but is not sure of: it is answered, carefully.
        [Categories.Spam] = new(
            "We received your message (ticket {id})",
            [
                "Thanks for your message.",
                "Thank you for writing to us.",
            ],
            "We couldn't tell what you need help with. If you are a customer, reply with your order number or the email address on your account and we'll take it from there. We never ask for passwords or payments by link."),
    };

    /// <summary>The subject, openings and next step for <paramref name="category"/>.</summary>
    public static CategoryTemplates For(string category) =>
        ByCategory.TryGetValue(category, out CategoryTemplates? templates) ? templates : ByCategory[Categories.Feedback];

    /// <summary>The response time promised for <paramref name="priority"/>.</summary>
    public static string ResponseTime(Priority priority) => priority switch
    {
        Priority.Urgent => "within the hour",
        Priority.High => "within 4 hours",
        Priority.Normal => "within one business day",
        _ => "within three business days",
    };

    /// <summary>The note added when a card number was in the ticket.</summary>
    public const string CardNote = "For your safety we removed the card number from your message. Please never send full card numbers by email; if you think it may be misused, contact your bank.";

    /// <summary>The note added when the category needs a person's review.</summary>
    public const string ReviewNote = "A member of our team will read your message in full to make sure it reaches the right people.";

    /// <summary>The note added for a possible account takeover or fraud.</summary>
    public const string SecurityNote = "We have flagged your case to our security team as a priority.";

    /// <summary>The sign-off.</summary>
    public const string SignOff = "Best regards,\nThe Support Team";

    /// <summary>The words for one category.</summary>
    /// <param name="Subject">The subject line, with <c>{id}</c>.</param>
    /// <param name="Openings">Alternative first sentences; one is chosen per ticket.</param>
    /// <param name="NextStep">What happens next.</param>
    public sealed record CategoryTemplates(string Subject, IReadOnlyList<string> Openings, string NextStep);
}
