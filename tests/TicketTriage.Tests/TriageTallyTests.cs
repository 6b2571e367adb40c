using TicketTriage.Reporting;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

public sealed class TriageTallyTests
{
    private static Reply Reply(string id, string predicted, string known, string fingerprint, bool review = false, Priority priority = Priority.Normal, Redactions? redactions = null) =>
        new(id, predicted, review ? 0.5 : 0.99, priority, [], review, "subject", "body", redactions ?? Redactions.None, fingerprint, known);

    [Fact]
    public void Accuracy_precision_recall_and_the_rest_add_up()
    {
        var tally = new TriageTally();
        tally.Add(Reply("T-1", "billing", "billing", "a", redactions: new Redactions(1, 0, 1)));
        tally.Add(Reply("T-2", "billing", "shipping", "b", review: true, priority: Priority.High));
        tally.Add(Reply("T-3", "shipping", "shipping", "c", redactions: new Redactions(0, 2, 0)));
        tally.Add(Reply("T-4", "shipping", "shipping", "c", review: true));

        Assert.Equal(4, tally.Replies);
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
    public void An_empty_tally_has_no_ratios_to_divide_by_zero()
    {
        var tally = new TriageTally();

        Assert.Equal(0, tally.Accuracy);
        Assert.Equal(0, tally.Precision("billing"));
        Assert.Equal(0, tally.Recall("billing"));
        Assert.Empty(tally.Categories());
    }
}
