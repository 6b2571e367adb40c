using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TicketTriage.Serialization;
using TicketTriage.Tickets;

namespace TicketTriage.Data;

/// <summary>
/// Makes support tickets with known categories, deterministically from a seed: the same seed gives
/// the same tickets, byte for byte. Tickets mix plain and ambiguous sentences, asides about other
/// topics, greetings and filler, typos, odd casing and whitespace, personal data (emails, phone
/// numbers, card numbers), re-sent duplicates, spam, and a small share of malformed tickets and of
/// lines that are not tickets at all.
/// </summary>
public sealed class TicketGenerator
{
    /// <summary>The seed of the ticket stream the sample triages.</summary>
    public const ulong TicketSeed = 20_261_122;

    /// <summary>The seed that made <c>data/train.jsonl</c>: a different stream from <see cref="TicketSeed"/>.</summary>
    public const ulong TrainingSeed = 7_919;

    /// <summary>The size of the shipped training set.</summary>
    public const int TrainingCount = 3_000;

    private static readonly string[] Separators = [". ", ". ", ". ", "! ", "\n", "? ", " ", ", ", "... ", ".\n\n"];
    private static readonly double[] TypoRates = [0.02, 0.04, 0.08];
    private static readonly string[] Endings = [".", "!", "!!", "?", "...", string.Empty];
    private static readonly string[] SymbolPieces = ["???", "!!!", ":(", "...", "?!", "$$$", "#", "---", "***", ">:(", "!?", "@@"];

    private readonly DeterministicRandom random;
    private readonly SlotFiller slots;
    private readonly TextNoise noise;
    private readonly StringBuilder body = new(1024);
    private readonly StringBuilder sentence = new(256);

    /// <summary>Creates a generator for the stream of <paramref name="seed"/>.</summary>
    public TicketGenerator(ulong seed)
    {
        random = new DeterministicRandom(seed);
        slots = new SlotFiller(random);
        noise = new TextNoise(random);
    }

    /// <summary>The share of malformed tickets in <see cref="Generate"/>. Default 0.5%.</summary>
    public double MalformedRate { get; init; } = 0.005;

    /// <summary>The share of tickets that re-send an earlier ticket's text. Default 2%.</summary>
    public double DuplicateRate { get; init; } = 0.02;

    /// <summary>The share of tickets whose main point is an ambiguous sentence. Default 16%.</summary>
    public double AmbiguousRate { get; init; } = 0.16;

    /// <summary>The share of tickets with a remark about another topic. Default 22%.</summary>
    public double AsideRate { get; init; } = 0.22;

    /// <summary>
    /// <paramref name="count"/> tickets with ids <c>T-000001</c> and up, as their senders meant them:
    /// the tickets of <see cref="GenerateLines"/>, where a broken line's ticket is the one the line
    /// should have carried.
    /// </summary>
    public IReadOnlyList<Ticket> Generate(int count)
    {
        IReadOnlyList<TicketLine> lines = GenerateLines(count);
        var tickets = new Ticket[lines.Count];
        for (int i = 0; i < tickets.Length; i++)
        {
            tickets[i] = lines[i].Ticket;
        }

        return tickets;
    }

    /// <summary>
    /// The <paramref name="count"/> lines of a tickets file, one ticket each, with ids <c>T-000001</c>
    /// and up. About <see cref="MalformedRate"/> of them are malformed (every <see cref="MalformedKind"/>
    /// in turn, so three in eight of those are lines that are not a ticket at all), about
    /// <see cref="DuplicateRate"/> re-send a recent ticket's text under a new id.
    /// </summary>
    public IReadOnlyList<TicketLine> GenerateLines(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var lines = new TicketLine[count];
        Dictionary<int, MalformedKind> malformed = PickMalformed(count);
        var recent = new List<(string Body, string Category)>(256);
        for (int i = 0; i < count; i++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"T-{i + 1:D6}");
            string category = NextCategory();
            if (malformed.TryGetValue(i, out MalformedKind kind))
            {
                lines[i] = Malformed(kind, id, category);
                continue;
            }

            if (recent.Count > 0 && random.Chance(DuplicateRate))
            {
                (string original, string originalCategory) = recent[random.Next(recent.Count)];
                lines[i] = new TicketLine(new Ticket(id, Resend(original), originalCategory));
                continue;
            }

            string text = Body(category);
            lines[i] = new TicketLine(new Ticket(id, text, category));
            if (recent.Count < 256)
            {
                recent.Add((text, category));
            }
            else
            {
                recent[random.Next(recent.Count)] = (text, category);
            }
        }

        return lines;
    }

    /// <summary>How many of <paramref name="count"/> lines <see cref="GenerateLines"/> makes malformed (broken lines included).</summary>
    public int MalformedCountFor(int count) => (int)Math.Round(count * MalformedRate, MidpointRounding.AwayFromZero);

    /// <summary><paramref name="count"/> well-formed, labeled examples without duplicates, for training.</summary>
    public IReadOnlyList<TrainingExample> GenerateTraining(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var examples = new TrainingExample[count];
        for (int i = 0; i < count; i++)
        {
            string category = NextCategory();
            string id = string.Create(CultureInfo.InvariantCulture, $"train-{i + 1:D5}");
            examples[i] = new TrainingExample(id, category, Body(category));
        }

        return examples;
    }

    /// <summary>One well-formed ticket text about <paramref name="category"/>.</summary>
    public string Body(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        body.Clear();
        double typoRate = random.Pick(TypoRates);

        if (random.Chance(0.55))
        {
            AddSentence(random.Pick(Phrasebook.Openers), typoRate);
        }

        // Spam has no story of its own, no asides about an order and no threats: just the pitch.
        bool spam = category == Categories.Spam;
        if (!spam && random.Chance(0.25))
        {
            AddSentence(random.Pick(Phrasebook.Context), typoRate);
        }

        IReadOnlyList<PhraseTemplate> strong = Phrasebook.StrongFor(category);
        if (random.Chance(AmbiguousRate))
        {
            AddSentence(random.Pick(Phrasebook.WeakFor(category)), typoRate);
            if (random.Chance(0.3))
            {
                AddSentence(random.Pick(strong), typoRate);
            }
        }
        else
        {
            int sentences = 1 + (random.Chance(0.45) ? 1 : 0) + (random.Chance(0.15) ? 1 : 0);
            int first = random.Next(strong.Count);
            for (int s = 0; s < sentences; s++)
            {
                // Consecutive templates, so a ticket does not say the same thing twice.
                AddSentence(strong[(first + s) % strong.Count], typoRate);
            }
        }

        if (!spam && random.Chance(AsideRate))
        {
            string other = OtherCategory(category);
            IReadOnlyList<PhraseTemplate> pool = random.Chance(0.5) ? Phrasebook.StrongFor(other) : Phrasebook.WeakFor(other);
            AddSentence(random.Pick(pool), typoRate, random.Pick(Phrasebook.Asides));
        }

        if (random.Chance(0.12))
        {
            AddSentence(random.Pick(Phrasebook.Urgency), typoRate);
        }

        if (!spam && random.Chance(0.02))
        {
            AddSentence(random.Pick(Phrasebook.Threats), typoRate);
        }

        AddPersonalData(category);

        if (random.Chance(0.65))
        {
            AddSentence(random.Pick(Phrasebook.Closers), typoRate);
        }

        ApplyStyle();
        return body.ToString();
    }

    private void AddPersonalData(string category)
    {
        if (random.Chance(0.3))
        {
            AddSentence(random.Pick(Phrasebook.EmailSentences), typoRate: 0);
        }

        if (random.Chance(0.2))
        {
            AddSentence(random.Pick(Phrasebook.PhoneSentences), typoRate: 0);
        }

        if (random.Chance(category == Categories.Billing ? 0.2 : 0.04))
        {
            AddSentence(random.Pick(Phrasebook.CardSentences), typoRate: 0);
        }
    }

    private void AddSentence(PhraseTemplate template, double typoRate, string? prefix = null)
    {
        sentence.Clear();
        if (random.Chance(0.08))
        {
            sentence.Append(random.Pick(Phrasebook.Fillers)).Append(' ');
        }

        if (prefix is not null)
        {
            sentence.Append(prefix).Append(' ');
        }

        template.Render(sentence, slots);
        if (typoRate > 0)
        {
            noise.AddTypos(sentence, typoRate);
        }

        if (body.Length > 0)
        {
            body.Append(random.Pick(Separators));
        }

        body.Append(sentence);
    }

    private void ApplyStyle()
    {
        double style = random.NextDouble();
        if (style < 0.62)
        {
            TextNoise.SentenceCase(body);
        }
        else if (style < 0.8)
        {
            // left as typed: all lower case
        }
        else if (style < 0.88)
        {
            TextNoise.Shout(body);
        }
        else
        {
            noise.RandomCapitals(body, 0.25);
        }

        if (random.Chance(0.7))
        {
            body.Append(random.Pick(Endings));
        }

        noise.RaggedWhitespace(body, 0.04);
    }

    private string Resend(string original) => random.Next(3) switch
    {
        0 => original,
        1 => original.ToUpperInvariant(),
        _ => "  " + original.Replace(" ", "  ", StringComparison.Ordinal) + "\n",
    };

    private TicketLine Malformed(MalformedKind kind, string id, string category)
    {
        if (kind.IsBrokenLine())
        {
            var meant = new Ticket(id, Body(category), category);
            return new TicketLine(meant, kind, BrokenLine(kind, meant));
        }

        Ticket ticket = kind switch
        {
            MalformedKind.MissingId => new Ticket(string.Empty, Body(category), category),
            MalformedKind.EmptyBody => new Ticket(id, string.Empty, category),
            MalformedKind.WhitespaceBody => new Ticket(id, new string(' ', random.Next(1, 20)) + (random.Chance(0.5) ? "\n\t\n" : "   "), category),
            MalformedKind.AbsurdlyLong => new Ticket(id, AbsurdlyLong(category), category),
            _ => new Ticket(id, NoWords(), category),
        };
        return new TicketLine(ticket, kind);
    }

    /// <summary>The text of a line that was meant to carry <paramref name="ticket"/> and does not.</summary>
    private string BrokenLine(MalformedKind kind, Ticket ticket)
    {
        string json = JsonSerializer.Serialize(ticket, TriageJsonContext.Lines.Ticket);
        switch (kind)
        {
            case MalformedKind.TruncatedLine:
                // Cut somewhere inside the body: the object is never closed.
                int bodyStart = json.IndexOf("\"body\":\"", StringComparison.Ordinal) + 8;
                int bodyEnd = json.LastIndexOf("\",\"", StringComparison.Ordinal);
                return json[..random.Next(bodyStart + 1, Math.Max(bodyStart + 2, bodyEnd))];
            case MalformedKind.NotJson:
                string flat = ticket.Body.Replace('\r', ' ').Replace('\n', ' ').Replace("\"", "\"\"", StringComparison.Ordinal);
                return string.Create(CultureInfo.InvariantCulture, $"{ticket.Id},{ticket.ExpectedCategory},\"{flat}\"");
            default:
                string number = int.Parse(ticket.Id.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
                return json.Replace($"\"id\":\"{ticket.Id}\"", $"\"id\":{number}", StringComparison.Ordinal);
        }
    }

    private string AbsurdlyLong(string category)
    {
        string text = Body(category);
        var builder = new StringBuilder(text, 60_000 + text.Length);
        string stuck = random.Chance(0.5) ? "a" : "!";
        while (builder.Length < 50_000)
        {
            builder.Append(random.Chance(0.5) ? stuck : "\nERROR at line 1: stack trace follows ");
        }

        return builder.ToString();
    }

    private string NoWords()
    {
        var builder = new StringBuilder();
        int parts = random.Next(1, 6);
        for (int i = 0; i < parts; i++)
        {
            builder.Append(random.Pick(SymbolPieces)).Append(' ');
        }

        return builder.ToString();
    }

    private Dictionary<int, MalformedKind> PickMalformed(int count)
    {
        int wanted = MalformedCountFor(count);
        var picked = new Dictionary<int, MalformedKind>(wanted);
        int kinds = Enum.GetValues<MalformedKind>().Length;
        while (picked.Count < wanted)
        {
            int position = random.Next(count);
            if (!picked.ContainsKey(position))
            {
                picked[position] = (MalformedKind)(picked.Count % kinds);
            }
        }

        return picked;
    }

    private string NextCategory()
    {
        IReadOnlyList<int> weights = Categories.Weights;
        int roll = random.Next(100);
        for (int i = 0; i < weights.Count; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return Categories.All[i];
            }
        }

        return Categories.All[^1];
    }

    private string OtherCategory(string category)
    {
        string other;
        do
        {
            other = random.Pick(Categories.Customer);
        }
        while (other == category);
        return other;
    }
}
