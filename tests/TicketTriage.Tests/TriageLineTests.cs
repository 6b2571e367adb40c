using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Factory;
using Factory.Jsonl;
using TicketTriage.Data;
using TicketTriage.Serialization;
using TicketTriage.Stations;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

/// <summary>2,000 generated ticket lines through a JSONL file and the generated <see cref="TicketTriageLine"/>, once for the whole class.</summary>
public sealed class TriageLineRun : IAsyncLifetime
{
    public const int Count = 2_000;

    public IReadOnlyList<TicketLine> Lines { get; private set; } = [];

    public List<TriageOutcome> Outcomes { get; private set; } = [];

    public LineReport Report { get; private set; } = null!;

    public List<JsonlError> BadLines { get; private set; } = [];

    /// <summary>What the line's own stations make of each well-formed ticket, run one by one outside the line.</summary>
    public Dictionary<string, Triaged> Expected { get; private set; } = [];

    public IEnumerable<Reply> Replies => Outcomes.OfType<Reply>();

    public IEnumerable<Escalation> Escalations => Outcomes.OfType<Escalation>();

    public IEnumerable<Triaged> Discarded => Report.Discards.Select(d => (Triaged)d.Value!);

    /// <summary>The refunds waiting at the gate when the run ended (nobody decides in these runs).</summary>
    public IEnumerable<RefundDraft> Waiting => Report.AwaitingDecision.Select(i => (RefundDraft)i.Payload!);

    /// <summary>The tickets that arrive whole (their line is a ticket), by id; malformed ones without an id left out.</summary>
    public Dictionary<string, Ticket> ById => Lines
        .Where(l => l.BrokenText is null && l.Ticket.Id.Length > 0)
        .ToDictionary(l => l.Ticket.Id, l => l.Ticket, StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        Lines = new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(Count);
        (Outcomes, Report, BadLines) = await LineHarness.RunAsync(Lines, ShippedModel.Instance);

        var normalize = new Normalize();
        var redact = new Redact();
        var classify = new Classify(ShippedModel.Instance);
        var prioritize = new Prioritize();
        Expected = Lines
            .Where(l => l.BrokenText is null && Inspect.Malformed(l.Ticket) is null)
            .ToDictionary(l => l.Ticket.Id, l => prioritize.Process(classify.Process(redact.Process(normalize.Process(l.Ticket)))), StringComparer.Ordinal);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class TriageLineTests(TriageLineRun run) : IClassFixture<TriageLineRun>
{
    [Fact]
    public void The_run_ends_awaiting_decision_on_the_refunds_with_every_ticket_of_the_file_in()
    {
        Assert.Equal(LineOutcome.AwaitingDecision, run.Report.Outcome);
        Assert.NotEmpty(run.Report.AwaitingDecision);
        Assert.Equal(TriageLineRun.Count - run.BadLines.Count, run.Report.In);
        Assert.Equal(run.Outcomes.Count, run.Report.Out);
    }

    [Fact]
    public void Every_line_ends_exactly_once_as_a_reply_an_escalation_a_discard_a_refund_awaiting_decision_a_dead_letter_or_a_bad_line()
    {
        // Each line of the file by its position; a ticket is found by its id, or (no id) by its content.
        var index = new Dictionary<Ticket, int>();
        for (int i = 0; i < run.Lines.Count; i++)
        {
            index.Add(run.Lines[i].Ticket, i);
        }

        Dictionary<string, int> byId = run.Lines.Select((l, i) => (l.Ticket.Id, i)).Where(p => p.Id.Length > 0).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var outcomes = new string?[run.Lines.Count];
        void Record(int line, string outcome)
        {
            Assert.True(outcomes[line] is null, $"line {line + 1} ended twice: {outcomes[line]} and {outcome}");
            outcomes[line] = outcome;
        }

        foreach (Reply reply in run.Replies)
        {
            Record(byId[reply.TicketId], "reply");
        }

        foreach (Escalation escalation in run.Escalations)
        {
            Record(byId[escalation.TicketId], "escalation");
        }

        foreach (Triaged discarded in run.Discarded)
        {
            Record(byId[discarded.Id], "discard");
        }

        foreach (RefundDraft refund in run.Waiting)
        {
            Record(byId[refund.TicketId], "awaiting decision");
        }

        foreach (DeadLetter letter in run.Report.DeadLetters)
        {
            Record(index[Assert.IsType<Ticket>(letter.Input)], "dead letter");
        }

        foreach (JsonlError error in run.BadLines)
        {
            Record((int)error.LineNumber - 1, "bad line");
        }

        Assert.All(outcomes.Select((o, i) => (Outcome: o, Line: i + 1)), p => Assert.True(p.Outcome is not null, $"line {p.Line} has no outcome"));
        Assert.Equal(TriageLineRun.Count, run.Outcomes.Count + run.Report.Discarded + run.Report.AwaitingDecision.Count + run.Report.DeadLettered + run.BadLines.Count);
        Assert.Equal(["awaiting decision", "bad line", "dead letter", "discard", "escalation", "reply"], outcomes.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Routes_dispatch_each_ticket_by_the_type_Prioritize_gave_it()
    {
        Assert.Equal(run.Expected.Count, run.Outcomes.Count + run.Report.Discards.Count + run.Report.AwaitingDecision.Count);
        Assert.All(run.Escalations, e => Assert.IsType<UrgentTicket>(run.Expected[e.TicketId]));
        Assert.All(run.Replies, r => Assert.IsType<RoutineTicket>(run.Expected[r.TicketId]));
        Assert.All(run.Discarded, d => Assert.IsType<SpamTicket>(run.Expected[d.Id]));
        Assert.All(run.Waiting, w => Assert.Equal(w.Amount, Assert.IsType<RefundTicket>(run.Expected[w.TicketId]).Amount));
        Assert.Equal(run.Expected.Values.OfType<RefundTicket>().Count(), run.Report.AwaitingDecision.Count);

        // Every kind occurs, in proportions a support queue has: a few urgent, some spam, mostly routine.
        double urgent = (double)run.Escalations.Count() / run.Expected.Count;
        double spam = (double)run.Report.Discarded / run.Expected.Count;
        Assert.InRange(urgent, 0.02, 0.10);
        Assert.InRange(spam, 0.03, 0.10);
    }

    [Fact]
    public void Spam_is_discarded_by_its_route_and_counted_not_dead_lettered()
    {
        Assert.NotEmpty(run.Report.Discards);
        Assert.Equal(run.Report.Discards.Count, run.Report.Discarded);
        Assert.All(run.Report.Discards, d =>
        {
            Assert.Equal(DiscardedMaterial.DiscardedByRoute, d.Reason);
            Assert.Equal(nameof(Prioritize), d.Station);
            Assert.Equal(typeof(SpamTicket).FullName, d.CaseType);
            SpamTicket spam = Assert.IsType<SpamTicket>(d.Value);
            Assert.Equal(Categories.Spam, spam.Category);
            Assert.True(spam.Ticket.Confidence >= Prioritize.ReviewThreshold);
        });
        Assert.DoesNotContain(run.Report.DeadLetters, l => l.Input is Triaged);

        // Nearly all the spam goes, nearly no customer with it.
        int knownSpam = run.Expected.Values.Count(t => t.ExpectedCategory == Categories.Spam);
        int spamDiscarded = run.Discarded.Count(t => t.ExpectedCategory == Categories.Spam);
        int customersDiscarded = run.Discarded.Count(t => t.ExpectedCategory != Categories.Spam);
        Assert.True(spamDiscarded >= 0.9 * knownSpam, $"{spamDiscarded} of {knownSpam} spam tickets discarded");
        Assert.True(customersDiscarded <= 0.005 * run.Expected.Count, $"{customersDiscarded} customers' tickets discarded as spam");
    }

    [Fact]
    public void Urgent_tickets_are_escalated_to_the_on_call_queue_their_reasons_call_for()
    {
        Assert.NotEmpty(run.Escalations);
        Dictionary<string, Ticket> byId = run.ById;
        Assert.All(run.Escalations, escalation =>
        {
            var urgent = (UrgentTicket)run.Expected[escalation.TicketId];
            Assert.Equal(Priority.Urgent, escalation.Priority);
            Assert.Equal(urgent.Reasons, escalation.PriorityReasons);
            string expectedQueue = escalation.PriorityReasons.Contains(Prioritize.SecurityReason) ? OnCallQueues.Security
                : escalation.PriorityReasons.Contains(Prioritize.LegalReason) ? OnCallQueues.Disputes
                : escalation.Category switch
                {
                    Categories.Billing => OnCallQueues.Billing,
                    Categories.Technical => OnCallQueues.Engineering,
                    Categories.Account => OnCallQueues.Identity,
                    Categories.Shipping => OnCallQueues.Logistics,
                    _ => OnCallQueues.SupportLeads,
                };
            Assert.Equal(expectedQueue, escalation.Queue);
            Assert.Equal(expectedQueue == OnCallQueues.Security ? 15 : expectedQueue == OnCallQueues.Disputes ? 60 : 30, escalation.AcknowledgeWithinMinutes);
            Assert.Contains(escalation.TicketId, escalation.Title, StringComparison.Ordinal);
            Assert.Contains(escalation.Queue, escalation.Note, StringComparison.Ordinal);
            Assert.All(escalation.PriorityReasons, reason => Assert.Contains("- " + reason, escalation.Note, StringComparison.Ordinal));

            // The note quotes the customer, redacted.
            Assert.Contains(urgent.Ticket.Ticket.Text[..Math.Min(40, urgent.Ticket.Ticket.Text.Length)].Replace('\n', ' '), escalation.Note, StringComparison.Ordinal);
        });

        // Signs of an intruder always reach security, whatever the category.
        Assert.Contains(run.Escalations, e => e.Queue == OnCallQueues.Security && e.Category != Categories.Account);
        Assert.DoesNotContain(run.Replies, r => r.Priority == Priority.Urgent);
    }

    [Fact]
    public void Malformed_tickets_and_only_they_end_as_dead_letters_at_Normalize_naming_the_problem()
    {
        Ticket[] malformed = run.Lines.Where(l => l.BrokenText is null && Inspect.Malformed(l.Ticket) is not null).Select(l => l.Ticket).ToArray();
        Assert.NotEmpty(malformed);
        Assert.Equal(malformed.Length, run.Report.DeadLetters.Count);

        Dictionary<Ticket, DeadLetter> letters = run.Report.DeadLetters.ToDictionary(l => (Ticket)l.Input!);
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
    public void Lines_that_are_not_tickets_and_only_they_are_reported_with_their_line_numbers()
    {
        long[] expected = run.Lines
            .Select((l, i) => (Line: l, Number: i + 1L))
            .Where(p => !Inspect.IsTicketJson(TicketJson(p.Line)))
            .Select(p => p.Number)
            .ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, run.BadLines.Select(e => e.LineNumber));

        Assert.All(run.BadLines, error =>
        {
            TicketLine line = run.Lines[(int)error.LineNumber - 1];
            Assert.True(line.Malformed?.IsBrokenLine(), $"line {error.LineNumber} is reported but was written whole");
            Assert.Equal(JsonlErrorKind.Malformed, error.Kind);
            Assert.IsAssignableFrom<JsonException>(error.Exception);
            Assert.StartsWith(error.RawText, line.BrokenText, StringComparison.Ordinal);
            Assert.DoesNotContain(run.Outcomes, o => o.TicketId == line.Ticket.Id);
        });

        // Every kind of broken line: cut off, not JSON, a field of the wrong type.
        Assert.Equal(
            Enum.GetValues<MalformedKind>().Where(k => k.IsBrokenLine()),
            run.BadLines.Select(e => run.Lines[(int)e.LineNumber - 1].Malformed!.Value).Distinct().Order());
    }

    [Fact]
    public void Replies_and_escalations_each_keep_the_order_of_their_tickets()
    {
        Dictionary<string, int> position = run.Lines.Select((l, i) => (l.Ticket.Id, i)).Where(p => p.Id.Length > 0).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

        Assert.Equal(run.Replies.Select(r => position[r.TicketId]).Order(), run.Replies.Select(r => position[r.TicketId]));
        Assert.Equal(run.Escalations.Select(e => position[e.TicketId]).Order(), run.Escalations.Select(e => position[e.TicketId]));
    }

    [Fact]
    public void No_outcome_holds_an_email_phone_number_or_card_number_of_its_ticket()
    {
        Dictionary<string, Ticket> byId = run.ById;
        int checkedData = 0;
        foreach (TriageOutcome outcome in run.Outcomes)
        {
            Ticket ticket = byId[outcome.TicketId];
            string json = JsonSerializer.Serialize(outcome, TriageJsonContext.Lines.TriageOutcome);
            string words = outcome switch
            {
                Reply reply => reply.Subject + "\n" + reply.Body,
                Escalation escalation => escalation.Title + "\n" + escalation.Note,
                _ => throw new InvalidOperationException(outcome.GetType().Name),
            };
            string text = (words + "\n" + json).ToLowerInvariant();
            foreach (string email in Inspect.Emails(ticket.Body))
            {
                Assert.DoesNotContain(email, text, StringComparison.Ordinal);
                checkedData++;
            }

            foreach (string number in Inspect.Phones(ticket.Body).Concat(Inspect.Cards(ticket.Body)))
            {
                Assert.DoesNotContain(number, Inspect.DigitsOf(words), StringComparison.Ordinal);
                Assert.DoesNotContain(number, Inspect.DigitsOf(json), StringComparison.Ordinal);
                checkedData++;
            }
        }

        Assert.True(checkedData > 500, $"only {checkedData} pieces of personal data in the tickets");
        Assert.Contains(run.Escalations, e => e.Redactions.Total > 0);
    }

    [Fact]
    public void Each_outcome_counts_the_personal_data_its_ticket_carried()
    {
        Dictionary<string, Ticket> byId = run.ById;
        Assert.All(run.Outcomes, outcome =>
        {
            string body = byId[outcome.TicketId].Body;
            Assert.Equal(new Redactions(Inspect.Emails(body).Count, Inspect.Phones(body).Count, Inspect.Cards(body).Count), outcome.Redactions);
        });
        Assert.Contains(run.Outcomes, r => r.Redactions.Cards > 0);
    }

    [Fact]
    public void The_text_after_Redact_holds_none_of_the_personal_data()
    {
        var normalize = new Normalize();
        var redact = new Redact();
        foreach (Ticket ticket in run.Lines.Select(l => l.Ticket).Where(t => Inspect.Malformed(t) is null))
        {
            Redacted redacted = redact.Process(normalize.Process(ticket));
            Assert.Empty(Inspect.Emails(redacted.Text));
            Assert.Empty(Inspect.Phones(redacted.Text));
            Assert.Empty(Inspect.Cards(redacted.Text));
            Assert.DoesNotContain('@', redacted.Text);
        }
    }

    [Fact]
    public void Outcomes_are_well_formed_and_every_classified_ticket_scores_close_to_its_known_label()
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
        Assert.All(run.Escalations, escalation =>
        {
            Assert.Contains(escalation.Category, Categories.All);
            Assert.InRange(escalation.Confidence, 0.0, 1.0);
            Assert.StartsWith("[urgent]", escalation.Title, StringComparison.Ordinal);
            Assert.Contains(escalation.Queue, OnCallQueues.All);
        });

        var classified = run.Outcomes.Select(o => (o.Category, o.ExpectedCategory))
            .Concat(run.Discarded.Select(d => (d.Category, d.ExpectedCategory)))
            .ToArray();
        double accuracy = (double)classified.Count(c => c.Category == c.ExpectedCategory) / classified.Length;
        Assert.True(accuracy >= 0.85, $"accuracy {accuracy:P1}");
    }

    [Fact]
    public void Re_sent_tickets_get_the_same_fingerprint()
    {
        IEnumerable<IGrouping<string, TriageOutcome>> copies = run.Outcomes.GroupBy(r => r.Fingerprint).Where(g => g.Count() > 1);

        Assert.NotEmpty(copies);
        Dictionary<string, Ticket> byId = run.ById;
        Assert.All(copies, group =>
        {
            string[] texts = group.Select(r => Text.TextNormalizer.Normalize(byId[r.TicketId].Body)).Distinct(StringComparer.Ordinal).ToArray();
            Assert.Single(texts);
        });
    }

    [Fact]
    public async Task Another_run_of_the_same_lines_gives_the_same_outcomes_discards_and_bad_lines()
    {
        LineResult again = await LineHarness.RunAsync(run.Lines, ShippedModel.Instance);

        Assert.Equal(LineOutcome.AwaitingDecision, again.Report.Outcome);
        Assert.Equal(run.Waiting.Select(w => w.TicketId).Order(StringComparer.Ordinal), again.Report.AwaitingDecision.Select(i => ((RefundDraft)i.Payload!).TicketId).Order(StringComparer.Ordinal));
        // The branches merge in the order they finish: compare ticket by ticket.
        Assert.Equal(Json(run.Outcomes), Json(again.Outcomes));
        Assert.Equal(run.Discarded.Select(d => d.Id).Order(StringComparer.Ordinal), again.Report.Discards.Select(d => ((Triaged)d.Value!).Id).Order(StringComparer.Ordinal));
        Assert.Equal(run.BadLines.Select(e => (e.LineNumber, e.Message)), again.BadLines.Select(e => (e.LineNumber, e.Message)));
    }

    [Fact]
    public void The_descriptor_and_Mermaid_show_the_routes()
    {
        LineDescriptor line = TicketTriageLine.Descriptor;

        Assert.Equal(
            ["Normalize", "Redact", "Classify", "Prioritize", "EscalationLine/DraftEscalation", "EscalationLine/AssignOnCall",
             "RefundLine/DraftRefund", "RefundLine/ApproveRefund", "RefundLine/IssueRefund", "RefundLine/ExplainDecline", "ReplyLine/DraftReply"],
            line.Stations.Select(s => s.Path));
        Assert.Equal(
            [(3, typeof(UrgentTicket).FullName!, 4), (3, typeof(SpamTicket).FullName!, -1), (3, typeof(RefundTicket).FullName!, 6), (3, typeof(RoutineTicket).FullName!, 10),
             (7, "Factory.Approved<TicketTriage.Tickets.RefundDraft>", 8), (7, "Factory.Rejected<TicketTriage.Tickets.RefundDraft>", 9)],
            line.Routes.Select(r => (r.From, r.CaseType, r.To)).OrderBy(r => r.From));
        Assert.Equal([5, 8, 9, 10], line.Exits.Order());
        Assert.Equal(typeof(TriageOutcome).FullName, line.OutputType);
        Assert.Contains("s3 -->|UrgentTicket| s4", TicketTriageLine.Mermaid, StringComparison.Ordinal);
        Assert.Contains("s3 -->|SpamTicket| discard", TicketTriageLine.Mermaid, StringComparison.Ordinal);
        Assert.Contains("s3 -->|RoutineTicket| s10", TicketTriageLine.Mermaid, StringComparison.Ordinal);
        Assert.Contains("s3 -->|RefundTicket| s6", TicketTriageLine.Mermaid, StringComparison.Ordinal);
        Assert.Equal(
            "Normalize -> Redact ×2 -> Classify ×2 -> Prioritize -> { UrgentTicket: EscalationLine/DraftEscalation -> EscalationLine/AssignOnCall | SpamTicket: discard | RefundTicket: RefundLine/DraftRefund -> RefundLine/ApproveRefund | RoutineTicket: ReplyLine/DraftReply }",
            Reporting.LineText.Describe(line));
    }

    /// <summary>The text of <paramref name="line"/> in the file.</summary>
    private static string TicketJson(TicketLine line) =>
        line.BrokenText ?? JsonSerializer.Serialize(line.Ticket, TriageJsonContext.Lines.Ticket);

    private static string[] Json(IEnumerable<TriageOutcome> outcomes) =>
        outcomes.Select(o => JsonSerializer.Serialize(o, TriageJsonContext.Lines.TriageOutcome)).Order(StringComparer.Ordinal).ToArray();
}
