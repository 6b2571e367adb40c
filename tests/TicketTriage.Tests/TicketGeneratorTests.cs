using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using TicketTriage.Cli;
using TicketTriage.Data;
using TicketTriage.Serialization;
using TicketTriage.Text;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

public sealed class TicketGeneratorTests
{
    private const int Count = 10_000;

    // One stream of the size the sample triages by default, shared by the statistics below (generation is deterministic).
    private static readonly Lazy<IReadOnlyList<TicketLine>> DefaultLines = new(() => new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(Count));

    private static readonly Lazy<IReadOnlyList<Ticket>> Default = new(() => DefaultLines.Value.Select(l => l.Ticket).ToArray());

    [Fact]
    public void The_same_seed_gives_the_same_lines()
    {
        IReadOnlyList<TicketLine> first = new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(2_000);
        IReadOnlyList<TicketLine> second = new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(2_000);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_seed_gives_other_tickets()
    {
        IReadOnlyList<Ticket> first = new TicketGenerator(TicketGenerator.TicketSeed).Generate(500);
        IReadOnlyList<Ticket> other = new TicketGenerator(TicketGenerator.TicketSeed + 1).Generate(500);

        int same = first.Zip(other).Count(pair => pair.First.Body == pair.Second.Body);
        Assert.True(same < 10, $"{same} of 500 bodies are the same under another seed");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2_000)]
    public void It_makes_the_requested_number_of_tickets_with_unique_ids(int count)
    {
        IReadOnlyList<Ticket> tickets = new TicketGenerator(TicketGenerator.TicketSeed).Generate(count);

        Assert.Equal(count, tickets.Count);
        string[] ids = tickets.Where(t => t.Id.Length > 0).Select(t => t.Id).ToArray();
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Spam_reads_like_spam_and_never_like_a_customer()
    {
        Ticket[] spam = Default.Value.Where(t => t.ExpectedCategory == Categories.Spam && Inspect.Malformed(t) is null).ToArray();

        Assert.NotEmpty(spam);
        // Customers' stories, asides and threats are not in spam; offers and links are.
        Assert.DoesNotContain(spam, t => t.Body.Contains("customer for", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(spam, t => t.Body.Contains("chargeback", StringComparison.OrdinalIgnoreCase) || t.Body.Contains("legal action", StringComparison.OrdinalIgnoreCase));
        double withLinks = (double)spam.Count(t => t.Body.Contains("http", StringComparison.OrdinalIgnoreCase) || t.Body.Contains("www.", StringComparison.OrdinalIgnoreCase)) / spam.Length;
        Assert.InRange(withLinks, 0.3, 1.0);
    }

    [Fact]
    public void Every_category_occurs_about_as_often_as_its_weight()
    {
        IReadOnlyList<Ticket> tickets = Default.Value;

        Dictionary<string, int> counts = tickets.GroupBy(t => t.ExpectedCategory).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Categories.All.Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        for (int i = 0; i < Categories.All.Count; i++)
        {
            double share = 100.0 * counts[Categories.All[i]] / tickets.Count;
            Assert.InRange(share, Categories.Weights[i] - 2.5, Categories.Weights[i] + 2.5);
        }
    }

    [Fact]
    public void About_half_a_percent_are_malformed_every_kind_in_turn_three_in_eight_of_them_lines_that_are_not_tickets()
    {
        IReadOnlyList<TicketLine> lines = DefaultLines.Value;

        MalformedKind[] malformed = lines.Select(l => l.Malformed).OfType<MalformedKind>().ToArray();
        double share = (double)malformed.Length / lines.Count;
        Assert.InRange(share, 0.003, 0.007);
        Assert.Equal(Enum.GetValues<MalformedKind>(), malformed.Distinct().Order());
        // Every kind in turn: none is more than one ahead of another.
        int[] perKind = malformed.GroupBy(k => k).Select(g => g.Count()).ToArray();
        Assert.True(perKind.Max() - perKind.Min() <= 1, string.Join(", ", perKind));

        // What the generator says matches what the tests see: a broken line is not a ticket's JSON,
        // a malformed ticket arrives whole and is malformed the way it says, the rest are fine.
        Assert.All(lines, line =>
        {
            string text = line.BrokenText ?? JsonSerializer.Serialize(line.Ticket, TriageJsonContext.Lines.Ticket);
            Assert.DoesNotContain('\n', text);
            Assert.Equal(line.Malformed?.IsBrokenLine() != true, Inspect.IsTicketJson(text));
            Assert.Equal(line.BrokenText is not null, line.Malformed?.IsBrokenLine() == true);
            Assert.Equal(line.Malformed is { } kind && !kind.IsBrokenLine() ? kind : null, Inspect.Malformed(line.Ticket));
        });
    }

    [Fact]
    public void A_broken_line_still_names_the_ticket_it_was_meant_to_carry()
    {
        TicketLine[] broken = DefaultLines.Value.Where(l => l.BrokenText is not null).ToArray();

        Assert.NotEmpty(broken);
        Assert.All(broken, line =>
        {
            Assert.Null(Inspect.Malformed(line.Ticket));
            switch (line.Malformed)
            {
                case MalformedKind.TruncatedLine:
                    Assert.StartsWith(line.BrokenText!, JsonSerializer.Serialize(line.Ticket, TriageJsonContext.Lines.Ticket), StringComparison.Ordinal);
                    break;
                case MalformedKind.NotJson:
                    Assert.StartsWith(line.Ticket.Id + "," + line.Ticket.ExpectedCategory + ",\"", line.BrokenText, StringComparison.Ordinal);
                    break;
                default:
                    Assert.StartsWith("{\"id\":" + int.Parse(line.Ticket.Id[2..], CultureInfo.InvariantCulture) + ",", line.BrokenText, StringComparison.Ordinal);
                    break;
            }
        });
    }

    [Fact]
    public void Generate_gives_the_tickets_of_GenerateLines()
    {
        IReadOnlyList<Ticket> tickets = new TicketGenerator(TicketGenerator.TicketSeed).Generate(3_000);
        IReadOnlyList<TicketLine> lines = new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(3_000);

        Assert.Equal(lines.Select(l => l.Ticket), tickets);
    }

    [Fact]
    public void The_malformed_count_it_announces_is_the_count_it_makes()
    {
        var generator = new TicketGenerator(TicketGenerator.TicketSeed);
        IReadOnlyList<TicketLine> lines = generator.GenerateLines(3_000);

        Assert.Equal(generator.MalformedCountFor(3_000), lines.Count(l => l.Malformed is not null));
        Assert.Equal(generator.MalformedCountFor(3_000), lines.Count(l => Inspect.Malformed(l.Ticket) is not null || l.BrokenText is not null));
    }

    [Fact]
    public void About_two_percent_resend_an_earlier_ticket_under_a_new_id_with_the_same_label()
    {
        IReadOnlyList<Ticket> tickets = Default.Value;

        var first = new Dictionary<string, Ticket>(StringComparer.Ordinal);
        var duplicates = new List<(Ticket Original, Ticket Copy)>();
        foreach (Ticket ticket in tickets.Where(t => Inspect.Malformed(t) is null))
        {
            string text = TextNormalizer.Normalize(ticket.Body);
            if (first.TryGetValue(text, out Ticket? original))
            {
                duplicates.Add((original, ticket));
            }
            else
            {
                first[text] = ticket;
            }
        }

        double share = (double)duplicates.Count / tickets.Count;
        Assert.InRange(share, 0.01, 0.03);
        Assert.All(duplicates, d => Assert.NotEqual(d.Original.Id, d.Copy.Id));
        Assert.All(duplicates, d => Assert.Equal(d.Original.ExpectedCategory, d.Copy.ExpectedCategory));
        // Re-sent as is, shouted, or with its spacing changed.
        Assert.Contains(duplicates, d => d.Copy.Body == d.Original.Body);
        Assert.Contains(duplicates, d => d.Copy.Body != d.Original.Body);
    }

    [Fact]
    public void Tickets_carry_emails_phone_numbers_and_valid_card_numbers_at_about_the_generators_rates()
    {
        Ticket[] wellFormed = Default.Value.Where(t => Inspect.Malformed(t) is null).ToArray();

        double emails = (double)wellFormed.Count(t => Inspect.Emails(t.Body).Count > 0) / wellFormed.Length;
        double phones = (double)wellFormed.Count(t => Inspect.Phones(t.Body).Count > 0) / wellFormed.Length;
        string[] cards = wellFormed.SelectMany(t => Inspect.Cards(t.Body)).ToArray();
        double withCards = (double)wellFormed.Count(t => Inspect.Cards(t.Body).Count > 0) / wellFormed.Length;

        // The generator adds an email to 30% of tickets, a phone number to 20%, and a card to 20% of
        // billing tickets and 4% of the rest (about 7.8% overall).
        Assert.InRange(emails, 0.25, 0.35);
        Assert.InRange(phones, 0.15, 0.25);
        Assert.InRange(withCards, 0.05, 0.11);
        Assert.All(cards, card => Assert.True(Inspect.Luhn(card), $"card {card} fails the Luhn check"));
        Assert.All(cards, card => Assert.True(PersonalDataRedactor.PassesLuhn(card), $"the redactor rejects card {card}"));
    }

    [Fact]
    public void The_shipped_training_file_is_what_the_training_seed_makes()
    {
        IReadOnlyList<TrainingExample> shipped = TrainingData.Read(SamplePaths.ShippedTrainingFile);
        IReadOnlyList<TrainingExample> made = new TicketGenerator(TicketGenerator.TrainingSeed).GenerateTraining(TicketGenerator.TrainingCount);

        Assert.Equal(TicketGenerator.TrainingCount, shipped.Count);
        Assert.Equal(made, shipped);
    }
}
