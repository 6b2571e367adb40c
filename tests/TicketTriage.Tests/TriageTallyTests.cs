using TicketTriage.Reporting;
using TicketTriage.Stations;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

public sealed class TriageTallyTests
{
    private static Reply Reply(string id, string predicted, string known, string fingerprint, bool review = false, Priority priority = Priority.Normal, Redactions? redactions = null) =>
        new(id, predicted, review ? 0.5 : 0.99, priority, [], review, "subject", "body", redactions ?? Redactions.None, fingerprint, known);

    private static Escalation Escalation(string id, string predicted, string known, string fingerprint, string queue) =>
        new(id, predicted, 0.99, Priority.Urgent, [], false, queue, 30, "title", "note", Redactions.None, fingerprint, known);

    private static SpamTicket Spam(string id, string known, string fingerprint, Redactions? redactions = null) =>
        new(new Classified(new Redacted(id, "text", fingerprint, redactions ?? Redactions.None, known), "spam", 0.99), Priority.Low, [], false);

    [Fact]
    public void Accuracy_precision_recall_and_the_rest_add_up()
    {
        var tally = new TriageTally();
        tally.Add(Reply("T-1", "billing", "billing", "a", redactions: new Redactions(1, 0, 1)));
        tally.Add(Reply("T-2", "billing", "shipping", "b", review: true, priority: Priority.High));
        tally.Add(Reply("T-3", "shipping", "shipping", "c", redactions: new Redactions(0, 2, 0)));
        tally.Add(Reply("T-4", "shipping", "shipping", "c", review: true));

        Assert.Equal(4, tally.Replies);
        Assert.Equal(4, tally.Outcomes);
        Assert.Equal(3, tally.Correct);
        Assert.Equal(0.75, tally.Accuracy);
        Assert.Equal(0.5, tally.Precision("billing"));
        Assert.Equal(1.0, tally.Recall("billing"));
        Assert.Equal(1.0, tally.Precision("shipping"));
        Assert.Equal(2.0 / 3, tally.Recall("shipping"));
        Assert.Equal(1, tally.Confusion("shipping", "billing"));
        Assert.Equal(0, tally.Confusion("billing", "shipping"));
        Assert.Equal(new[] { "billing", "shipping" }, tally.Categories());
        Assert.Equal(2, tally.NeedsReview);
        Assert.Equal(1, tally.NeedsReviewCorrect);
        Assert.Equal(1, tally.Duplicates);
        Assert.Equal(1, tally.WithPriority(Priority.High));
        Assert.Equal(3, tally.WithPriority(Priority.Normal));
        Assert.Equal((1, 2, 1), (tally.Emails, tally.Phones, tally.Cards));
    }

    [Fact]
    public void Escalations_and_discards_count_as_classified_tickets_by_their_own_kind()
    {
        var tally = new TriageTally();
        tally.Add(Reply("T-1", "billing", "billing", "a"));
        tally.Add(Escalation("T-2", "account", "account", "b", OnCallQueues.Security));
        tally.Add(Escalation("T-3", "billing", "account", "c", OnCallQueues.Security));
        tally.AddDiscarded(Spam("T-4", "spam", "d", new Redactions(1, 0, 0)));
        tally.AddDiscarded(Spam("T-5", "shipping", "e"));

        Assert.Equal((1, 2, 2), (tally.Replies, tally.Escalations, tally.Discarded));
        Assert.Equal(3, tally.Outcomes);
        Assert.Equal(5, tally.Classified);
        Assert.Equal(1, tally.DiscardedCustomers);
        Assert.Equal(2, tally.InQueue(OnCallQueues.Security));
        Assert.Equal(0, tally.InQueue(OnCallQueues.Billing));
        Assert.Equal(3, tally.Correct);
        Assert.Equal(0.6, tally.Accuracy);
        Assert.Equal(0.5, tally.Precision("spam"));
        Assert.Equal(1.0, tally.Recall("spam"));
        Assert.Equal(0.0, tally.Recall("shipping"));
        Assert.Equal(2, tally.WithPriority(Priority.Urgent));
        Assert.Equal(1, tally.Emails);
    }

    [Fact]
    public void Tickets_without_a_known_label_are_counted_but_not_scored()
    {
        var tally = new TriageTally();
        tally.Add(Reply("T-1", "billing", string.Empty, "a"));
        tally.Add(Reply("T-2", "billing", "billing", "b"));
        tally.AddDiscarded(Spam("T-3", string.Empty, "c"));

        Assert.Equal(3, tally.Classified);
        Assert.Equal(1, tally.Labeled);
        Assert.Equal(1.0, tally.Accuracy);
        Assert.Equal(1.0, tally.Precision("billing"));
        Assert.Equal(0, tally.DiscardedCustomers);
        Assert.Equal(new[] { "billing", "spam" }, tally.Categories());
    }

    [Fact]
    public void An_empty_tally_has_no_ratios_to_divide_by_zero()
    {
        var tally = new TriageTally();

        Assert.Equal(0, tally.Accuracy);
        Assert.Equal(0, tally.Precision("billing"));
        Assert.Equal(0, tally.Recall("billing"));
        Assert.Empty(tally.Categories());
    }
}
