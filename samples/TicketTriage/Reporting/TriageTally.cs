using System;
using System.Collections.Generic;
using TicketTriage.Tickets;

namespace TicketTriage.Reporting;

/// <summary>
/// Counts where the classified tickets went and how well they were classified: replies and
/// escalations as they leave the line, and the spam the routes discarded (<see cref="AddDiscarded"/>,
/// from the run's report). Per predicted and per known category, hits, priorities, queues, redactions,
/// review flags and duplicate texts. Fed by one consumer at a time, so it needs no locks; the
/// progress display only reads <see cref="Outcomes"/> while the run goes on.
/// </summary>
public sealed class TriageTally
{
    private readonly Dictionary<string, int> predicted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> hits = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Known, string Predicted), int> confusion = [];
    private readonly Dictionary<string, int> queues = new(StringComparer.Ordinal);
    private readonly int[] priorities = new int[Enum.GetValues<Priority>().Length];
    private readonly HashSet<string> fingerprints = new(StringComparer.Ordinal);
    private int outcomes;
    private int alreadyWritten;

    /// <summary>Replies drafted (the reply line's outputs).</summary>
    public int Replies { get; private set; }

    /// <summary>Escalations assigned (the escalation line's outputs).</summary>
    public int Escalations { get; private set; }

    /// <summary>Refunds a person approved and <see cref="Stations.IssueRefund"/> issued.</summary>
    public int RefundsIssued { get; private set; }

    /// <summary>Refunds rejected at the gate (by a person or its timeout).</summary>
    public int RefundsDeclined { get; private set; }

    /// <summary>Refunds still waiting at the gate when the run ended (<see cref="AddWaiting"/>).</summary>
    public int Waiting { get; private set; }

    /// <summary>Replies, escalations and refunds so far; safe to read while the run goes on.</summary>
    public int Outcomes => System.Threading.Volatile.Read(ref outcomes);

    /// <summary>Outcomes a resumed run gave again for tickets the outcomes file already held (not written twice); safe to read while the run goes on.</summary>
    public int AlreadyWritten => System.Threading.Volatile.Read(ref alreadyWritten);

    /// <summary>Counts an outcome that was not written because the outcomes file already held its ticket.</summary>
    public void AddAlreadyWritten() => System.Threading.Interlocked.Increment(ref alreadyWritten);

    /// <summary>Tickets the routes discarded as spam.</summary>
    public int Discarded { get; private set; }

    /// <summary>Discarded tickets whose known label is not spam: customers the line did not answer.</summary>
    public int DiscardedCustomers { get; private set; }

    /// <summary>Every ticket the model classified: replies, escalations, refunds, discards and refunds waiting at the gate.</summary>
    public int Classified => Outcomes + Discarded + Waiting;

    /// <summary>Classified tickets with a known label (a file read with <c>--in</c> may have none).</summary>
    public int Labeled { get; private set; }

    /// <summary>Labeled tickets whose predicted category is the known one.</summary>
    public int Correct { get; private set; }

    /// <summary>The share of labeled tickets with the right category (0 when there are none).</summary>
    public double Accuracy => Ratio(Correct, Labeled);

    /// <summary>Replies and escalations flagged for a person's review.</summary>
    public int NeedsReview { get; private set; }

    /// <summary>Flagged ones whose category was right after all.</summary>
    public int NeedsReviewCorrect { get; private set; }

    /// <summary>Classified tickets whose text was already seen in this run (a re-sent ticket).</summary>
    public int Duplicates { get; private set; }

    /// <summary>Email addresses redacted.</summary>
    public int Emails { get; private set; }

    /// <summary>Phone numbers redacted.</summary>
    public int Phones { get; private set; }

    /// <summary>Card numbers redacted.</summary>
    public int Cards { get; private set; }

    /// <summary>Counts one reply or escalation.</summary>
    public void Add(TriageOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        switch (outcome)
        {
            case Escalation escalation:
                Escalations++;
                Increment(queues, escalation.Queue);
                break;
            case Refund refund:
                RefundsIssued += refund.Issued ? 1 : 0;
                RefundsDeclined += refund.Issued ? 0 : 1;
                break;
            default:
                Replies++;
                break;
        }

        bool correct = Count(outcome.Category, outcome.ExpectedCategory, outcome.Fingerprint, outcome.Redactions);
        priorities[(int)outcome.Priority]++;
        if (outcome.NeedsReview)
        {
            NeedsReview++;
            NeedsReviewCorrect += correct ? 1 : 0;
        }

        System.Threading.Volatile.Write(ref outcomes, outcomes + 1);
    }

    /// <summary>Counts one ticket whose refund waits at the gate: classified, with no outcome yet.</summary>
    public void AddWaiting(Triaged ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        Waiting++;
        Redacted redacted = ticket.Ticket.Ticket;
        Count(ticket.Category, ticket.ExpectedCategory, redacted.Fingerprint, redacted.Redactions);
    }

    /// <summary>Counts one ticket a route discarded.</summary>
    public void AddDiscarded(Triaged ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        Discarded++;
        if (ticket.ExpectedCategory is { Length: > 0 } label && label != Data.Categories.Spam)
        {
            DiscardedCustomers++;
        }

        Redacted redacted = ticket.Ticket.Ticket;
        Count(ticket.Category, ticket.ExpectedCategory, redacted.Fingerprint, redacted.Redactions);
    }

    /// <summary>Tickets predicted as <paramref name="category"/>.</summary>
    public int Predicted(string category) => predicted.GetValueOrDefault(category);

    /// <summary>Tickets whose known category is <paramref name="category"/>.</summary>
    public int Known(string category) => known.GetValueOrDefault(category);

    /// <summary>Tickets rightly predicted as <paramref name="category"/>.</summary>
    public int Hits(string category) => hits.GetValueOrDefault(category);

    /// <summary>Tickets known as <paramref name="knownCategory"/> and predicted as <paramref name="predictedCategory"/>.</summary>
    public int Confusion(string knownCategory, string predictedCategory) => confusion.GetValueOrDefault((knownCategory, predictedCategory));

    /// <summary>Of the labeled tickets predicted as <paramref name="category"/>, the share that is right.</summary>
    public double Precision(string category) => Ratio(Hits(category), LabeledPredicted(category));

    /// <summary>Of the tickets known as <paramref name="category"/>, the share found.</summary>
    public double Recall(string category) => Ratio(Hits(category), Known(category));

    /// <summary>Replies and escalations with <paramref name="priority"/>.</summary>
    public int WithPriority(Priority priority) => priorities[(int)priority];

    /// <summary>Escalations assigned to <paramref name="queue"/>.</summary>
    public int InQueue(string queue) => queues.GetValueOrDefault(queue);

    /// <summary>Every category seen, predicted or known, in ordinal order.</summary>
    public IReadOnlyList<string> Categories()
    {
        var all = new SortedSet<string>(predicted.Keys, StringComparer.Ordinal);
        all.UnionWith(known.Keys);
        return [.. all];
    }

    /// <summary>Counts a classified ticket; true when its category is the known one.</summary>
    private bool Count(string category, string expected, string fingerprint, Redactions redactions)
    {
        Increment(predicted, category);
        bool correct = false;
        if (!string.IsNullOrEmpty(expected))
        {
            Labeled++;
            Increment(known, expected);
            Increment(confusion, (expected, category));
            correct = string.Equals(category, expected, StringComparison.Ordinal);
            if (correct)
            {
                Correct++;
                Increment(hits, category);
            }
        }

        if (!fingerprints.Add(fingerprint))
        {
            Duplicates++;
        }

        Emails += redactions.Emails;
        Phones += redactions.Phones;
        Cards += redactions.Cards;
        return correct;
    }

    private int LabeledPredicted(string category)
    {
        int count = 0;
        foreach (((string _, string predictedCategory), int n) in confusion)
        {
            count += predictedCategory == category ? n : 0;
        }

        return count;
    }

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;
}
