using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Factory;
using TicketTriage.Data;
using TicketTriage.Serialization;
using TicketTriage.Stations;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

/// <summary>2,000 generated tickets through the generated <see cref="TicketTriageLine"/>, once for the whole class.</summary>
public sealed class TriageLineRun : IAsyncLifetime
{
    public const int Count = 2_000;

    public IReadOnlyList<Ticket> Tickets { get; private set; } = [];

    public List<Reply> Replies { get; private set; } = [];

    public LineReport Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Tickets = new TicketGenerator(TicketGenerator.TicketSeed).Generate(Count);
        (Replies, Report) = await LineHarness.RunAsync(Tickets, ShippedModel.Instance);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class TriageLineTests(TriageLineRun run) : IClassFixture<TriageLineRun>
{
    [Fact]
    public void The_run_completes_with_every_ticket_in()
    {
        Assert.Equal(LineOutcome.Completed, run.Report.Outcome);
        Assert.Equal(TriageLineRun.Count, run.Report.In);
        Assert.Equal(run.Replies.Count, run.Report.Out);
    }

    [Fact]
    public void Every_ticket_ends_exactly_once_as_a_reply_or_a_dead_letter()
    {
        var outcomes = new Dictionary<Ticket, int>(ReferenceEqualityComparer.Instance);
        Dictionary<string, Ticket> byId = run.Tickets.Where(t => t.Id.Length > 0).ToDictionary(t => t.Id, StringComparer.Ordinal);
        foreach (Reply reply in run.Replies)
        {
            Ticket ticket = byId[reply.TicketId];
            outcomes[ticket] = outcomes.GetValueOrDefault(ticket) + 1;
        }

        foreach (DeadLetter letter in run.Report.DeadLetters)
        {
            Ticket ticket = Assert.IsType<Ticket>(letter.Input);
            outcomes[ticket] = outcomes.GetValueOrDefault(ticket) + 1;
        }

        Assert.Equal(run.Tickets.Count, run.Replies.Count + run.Report.DeadLetters.Count);
        Assert.All(run.Tickets, ticket => Assert.Equal(1, outcomes.GetValueOrDefault(ticket)));
    }

    [Fact]
    public void Malformed_tickets_and_only_they_end_as_dead_letters_at_Normalize_naming_the_problem()
    {
        Ticket[] malformed = run.Tickets.Where(t => Inspect.Malformed(t) is not null).ToArray();
        Assert.NotEmpty(malformed);
        Assert.Equal(malformed.Length, run.Report.DeadLetters.Count);

        Dictionary<Ticket, DeadLetter> letters = run.Report.DeadLetters.ToDictionary<DeadLetter, Ticket>(l => (Ticket)l.Input!, ReferenceEqualityComparer.Instance);
        foreach (Ticket ticket in malformed)
        {
            Assert.True(letters.TryGetValue(ticket, out DeadLetter? letter), $"malformed ticket '{ticket.Id}' has no dead letter");
            Assert.Equal(nameof(Normalize), letter.Station);
            Assert.Equal(typeof(MalformedTicketException).FullName, letter.ExceptionType);
            Assert.Equal(1, letter.Attempts);
            string reason = MalformedTicketException.ReasonOf(letter.Message);
            string problem = Inspect.Malformed(ticket) switch
            {
                MalformedKind.MissingId => "no id",
                MalformedKind.EmptyBody => "empty",
                MalformedKind.WhitespaceBody => "whitespace",
                MalformedKind.AbsurdlyLong => "too long",
                _ => "no words",
            };
            Assert.Contains(problem, reason, StringComparison.Ordinal);
            if (ticket.Id.Length > 0)
            {
                Assert.Contains(ticket.Id, letter.Message, StringComparison.Ordinal);
            }

            // The message quotes the text, but not its personal data.
            Assert.All(Inspect.Emails(ticket.Body), email => Assert.DoesNotContain(email, letter.Message.ToLowerInvariant(), StringComparison.Ordinal));
            Assert.All(Inspect.Phones(ticket.Body).Concat(Inspect.Cards(ticket.Body)), number => Assert.DoesNotContain(number, Inspect.DigitsOf(letter.Message), StringComparison.Ordinal));
        }

        // One reason per kind of problem, so the summary can group them.
        int kinds = Enum.GetValues<MalformedKind>().Count(k => !k.IsBrokenLine());
        Assert.Equal(kinds, run.Report.DeadLetters.Select(l => MalformedTicketException.ReasonOf(l.Message)).Distinct().Count());
    }

    [Fact]
    public void Replies_keep_the_order_of_the_tickets()
    {
        string[] expected = run.Tickets.Where(t => Inspect.Malformed(t) is null).Select(t => t.Id).ToArray();

        Assert.Equal(expected, run.Replies.Select(r => r.TicketId));
    }

    [Fact]
    public void No_reply_holds_an_email_phone_number_or_card_number_of_its_ticket()
    {
        Dictionary<string, Ticket> byId = run.Tickets.Where(t => t.Id.Length > 0).ToDictionary(t => t.Id, StringComparer.Ordinal);
        int checkedData = 0;
        foreach (Reply reply in run.Replies)
        {
            Ticket ticket = byId[reply.TicketId];
            string json = JsonSerializer.Serialize(reply, TriageJsonContext.Lines.Reply);
            string text = (reply.Subject + "\n" + reply.Body + "\n" + json).ToLowerInvariant();
            string digits = Inspect.DigitsOf(reply.Subject + reply.Body);
            foreach (string email in Inspect.Emails(ticket.Body))
            {
                Assert.DoesNotContain(email, text, StringComparison.Ordinal);
                checkedData++;
            }

            foreach (string number in Inspect.Phones(ticket.Body).Concat(Inspect.Cards(ticket.Body)))
            {
                Assert.DoesNotContain(number, digits, StringComparison.Ordinal);
                Assert.DoesNotContain(number, Inspect.DigitsOf(json), StringComparison.Ordinal);
                checkedData++;
            }
        }

        Assert.True(checkedData > 500, $"only {checkedData} pieces of personal data in the tickets");
    }

    [Fact]
    public void Each_reply_counts_the_personal_data_its_ticket_carried()
    {
        Dictionary<string, Ticket> byId = run.Tickets.Where(t => t.Id.Length > 0).ToDictionary(t => t.Id, StringComparer.Ordinal);
        Assert.All(run.Replies, reply =>
        {
            string body = byId[reply.TicketId].Body;
            Assert.Equal(new Redactions(Inspect.Emails(body).Count, Inspect.Phones(body).Count, Inspect.Cards(body).Count), reply.Redactions);
        });
        Assert.Contains(run.Replies, r => r.Redactions.Cards > 0);
    }

    [Fact]
    public void The_text_after_Redact_holds_none_of_the_personal_data()
    {
        var normalize = new Normalize();
        var redact = new Redact();
        foreach (Ticket ticket in run.Tickets.Where(t => Inspect.Malformed(t) is null))
        {
            Redacted redacted = redact.Process(normalize.Process(ticket));
            Assert.Empty(Inspect.Emails(redacted.Text));
            Assert.Empty(Inspect.Phones(redacted.Text));
            Assert.Empty(Inspect.Cards(redacted.Text));
            Assert.DoesNotContain('@', redacted.Text);
        }
    }

    [Fact]
    public void Replies_are_well_formed_and_score_close_to_the_known_labels()
    {
        Assert.All(run.Replies, reply =>
        {
            Assert.Contains(reply.Category, Categories.All);
            Assert.InRange(reply.Confidence, 0.0, 1.0);
            Assert.Contains(reply.TicketId, reply.Subject, StringComparison.Ordinal);
            Assert.StartsWith("Hello,", reply.Body, StringComparison.Ordinal);
            Assert.Equal(reply.Confidence < Prioritize.ReviewThreshold, reply.NeedsReview);
            Assert.Equal(reply.Redactions.Cards > 0, reply.Body.Contains(ReplyTemplates.CardNote, StringComparison.Ordinal));
        });

        double accuracy = (double)run.Replies.Count(r => r.Category == r.ExpectedCategory) / run.Replies.Count;
        Assert.True(accuracy >= 0.85, $"accuracy {accuracy:P1}");
    }

    [Fact]
    public void Re_sent_tickets_get_the_same_fingerprint()
    {
        IEnumerable<IGrouping<string, Reply>> copies = run.Replies.GroupBy(r => r.Fingerprint).Where(g => g.Count() > 1);

        Assert.NotEmpty(copies);
        Dictionary<string, Ticket> byId = run.Tickets.Where(t => t.Id.Length > 0).ToDictionary(t => t.Id, StringComparer.Ordinal);
        Assert.All(copies, group =>
        {
            string[] texts = group.Select(r => Text.TextNormalizer.Normalize(byId[r.TicketId].Body)).Distinct(StringComparer.Ordinal).ToArray();
            Assert.Single(texts);
        });
    }

    [Fact]
    public async Task Another_run_of_the_same_tickets_gives_the_same_replies()
    {
        (List<Reply> again, LineReport report) = await LineHarness.RunAsync(run.Tickets, ShippedModel.Instance);

        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(Json(run.Replies), Json(again));
    }

    private static string[] Json(IEnumerable<Reply> replies) =>
        replies.Select(r => JsonSerializer.Serialize(r, TriageJsonContext.Lines.Reply)).ToArray();
}
