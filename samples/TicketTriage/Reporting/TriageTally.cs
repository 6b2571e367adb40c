using System;
using System.Collections.Generic;
using TicketTriage.Tickets;

namespace TicketTriage.Reporting;

/// <summary>
/// Counts what left the line, as it leaves: replies per predicted and per known category, hits,
/// priorities, redactions, review flags and duplicate texts. Fed by the one consumer of the run's
/// output, so it needs no locks; read it after the run.
/// </summary>
public sealed class TriageTally
{
    private readonly Dictionary<string, int> predicted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> hits = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Known, string Predicted), int> confusion = [];
    private readonly int[] priorities = new int[Enum.GetValues<Priority>().Length];
    private readonly HashSet<string> fingerprints = new(StringComparer.Ordinal);

    /// <summary>Replies counted.</summary>
    public int Replies { get; private set; }

    /// <summary>Replies whose predicted category is the known one.</summary>
    public int Correct { get; private set; }

    /// <summary>The share of replies with the right category (0 when there are none).</summary>
    public double Accuracy => Replies == 0 ? 0 : (double)Correct / Replies;

    /// <summary>Replies flagged for a person's review.</summary>
    public int NeedsReview { get; private set; }

    /// <summary>Flagged replies whose category was right after all.</summary>
    public int NeedsReviewCorrect { get; private set; }

    /// <summary>Replies to a text already seen in this run (a re-sent ticket).</summary>
    public int Duplicates { get; private set; }

    /// <summary>Email addresses redacted.</summary>
    public int Emails { get; private set; }

    /// <summary>Phone numbers redacted.</summary>
    public int Phones { get; private set; }

    /// <summary>Card numbers redacted.</summary>
    public int Cards { get; private set; }

    /// <summary>Counts one reply.</summary>
    public void Add(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        Replies++;
        Increment(predicted, reply.Category);
        Increment(known, reply.ExpectedCategory);
        bool correct = string.Equals(reply.Category, reply.ExpectedCategory, StringComparison.Ordinal);
        if (correct)
        {
            Correct++;
            Increment(hits, reply.Category);
        }

        Increment(confusion, (reply.ExpectedCategory, reply.Category));
        priorities[(int)reply.Priority]++;
        if (reply.NeedsReview)
        {
            NeedsReview++;
            NeedsReviewCorrect += correct ? 1 : 0;
        }

        if (!fingerprints.Add(reply.Fingerprint))
        {
            Duplicates++;
        }

        Emails += reply.Redactions.Emails;
        Phones += reply.Redactions.Phones;
        Cards += reply.Redactions.Cards;
    }

    /// <summary>Replies predicted as <paramref name="category"/>.</summary>
    public int Predicted(string category) => predicted.GetValueOrDefault(category);

    /// <summary>Replies whose known category is <paramref name="category"/>.</summary>
    public int Known(string category) => known.GetValueOrDefault(category);

    /// <summary>Replies rightly predicted as <paramref name="category"/>.</summary>
    public int Hits(string category) => hits.GetValueOrDefault(category);

    /// <summary>Replies known as <paramref name="knownCategory"/> and predicted as <paramref name="predictedCategory"/>.</summary>
    public int Confusion(string knownCategory, string predictedCategory) => confusion.GetValueOrDefault((knownCategory, predictedCategory));

    /// <summary>Of the replies predicted as <paramref name="category"/>, the share that is right.</summary>
    public double Precision(string category) => Ratio(Hits(category), Predicted(category));

    /// <summary>Of the replies known as <paramref name="category"/>, the share found.</summary>
    public double Recall(string category) => Ratio(Hits(category), Known(category));

    /// <summary>Replies with <paramref name="priority"/>.</summary>
    public int WithPriority(Priority priority) => priorities[(int)priority];

    /// <summary>Every category seen, predicted or known, in ordinal order.</summary>
    public IReadOnlyList<string> Categories()
    {
        var all = new SortedSet<string>(predicted.Keys, StringComparer.Ordinal);
        all.UnionWith(known.Keys);
        return [.. all];
    }

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;
}
