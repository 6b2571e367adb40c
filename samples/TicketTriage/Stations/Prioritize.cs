using System.Collections.Generic;
using System.Text.RegularExpressions;
using Factory;
using TicketTriage.Data;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// Sets how soon a ticket needs an answer, by rules that each add points and a reason:
/// the category (money and access matter more than praise), urgency words, signs of fraud or an
/// intruder (always urgent), talk of lawyers or chargebacks, a card number sent in the clear, and a
/// category the model was unsure about (a person should look, so never below Normal). Then it says
/// where the ticket goes, by the type it gives: spam the model is sure of is a <see cref="SpamTicket"/>
/// (whatever it says about urgency), an urgent ticket an <see cref="UrgentTicket"/>, a billing ticket
/// that asks for a refund above <see cref="RefundRequests.GateAbove"/> a <see cref="RefundTicket"/>
/// (a person decides on it), anything else a <see cref="RoutineTicket"/>. The line routes on that type.
/// </summary>
[Station]
public sealed partial class Prioritize
{
    /// <summary>Below this confidence the category needs a person's review, and spam is not discarded.</summary>
    public const double ReviewThreshold = 0.8;

    /// <summary>The reason given when the text suggests fraud or an intruder.</summary>
    public const string SecurityReason = "possible fraud or account takeover";

    /// <summary>The reason given when the customer says it is urgent.</summary>
    public const string UrgencyReason = "customer says it is urgent";

    /// <summary>The reason given for talk of lawyers or chargebacks.</summary>
    public const string LegalReason = "mentions legal action or a chargeback";

    /// <summary>The reason given when a card number was in the text.</summary>
    public const string CardReason = "card number was sent in the clear";

    /// <summary>The reason given when the model was unsure.</summary>
    public const string ReviewReason = "category uncertain: a person should check it";

    /// <summary>Prioritizes one ticket and says where it goes.</summary>
    public Triaged Process(Classified input)
    {
        string text = input.Ticket.Text;
        var reasons = new List<string>(4);
        int score = CategoryPoints(input.Category);

        if (SecurityWords().IsMatch(text))
        {
            score += 5;
            reasons.Add(SecurityReason);
        }

        if (UrgencyWords().IsMatch(text))
        {
            score += 2;
            reasons.Add(UrgencyReason);
        }

        if (LegalWords().IsMatch(text))
        {
            score += 2;
            reasons.Add(LegalReason);
        }

        if (input.Ticket.Redactions.Cards > 0)
        {
            score += 1;
            reasons.Add(CardReason);
        }

        bool needsReview = input.Confidence < ReviewThreshold;
        if (needsReview)
        {
            score = System.Math.Max(score, 1);
            reasons.Add(ReviewReason);
        }

        Priority priority = score switch
        {
            <= 0 => Priority.Low,
            <= 2 => Priority.Normal,
            <= 4 => Priority.High,
            _ => Priority.Urgent,
        };
        if (input.Category == Categories.Spam && !needsReview)
        {
            return new SpamTicket(input, priority, reasons, needsReview);
        }

        if (priority == Priority.Urgent)
        {
            return new UrgentTicket(input, priority, reasons, needsReview);
        }

        return input.Category == Categories.Billing && RefundRequests.TryRead(text, out decimal amount, out string currency) && amount > RefundRequests.GateAbove
            ? new RefundTicket(input, priority, reasons, needsReview, amount, currency)
            : new RoutineTicket(input, priority, reasons, needsReview);
    }

    private static int CategoryPoints(string category) => category switch
    {
        Categories.Account or Categories.Billing => 2,
        Categories.Technical or Categories.Shipping => 1,
        _ => 0,
    };

    [GeneratedRegex(@"\b(?:urgent(?:ly)?|asap|immediately|right away|emergency|critical|deadline|today)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrgencyWords();

    [GeneratedRegex(@"\b(?:hacked|fraud(?:ulent)?|stolen|unauthori[sz]ed|someone (?:else )?(?:logged into|accessed|changed)|without my permission)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecurityWords();

    [GeneratedRegex(@"\b(?:lawyer|legal action|chargeback|sue you|small claims|consumer protection)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LegalWords();
}
