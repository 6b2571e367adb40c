using System.Globalization;
using Factory;
using TicketTriage.Text;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// Checks that a ticket can be worked on and cleans its text (see <see cref="TextNormalizer"/>).
/// A ticket without an id, with an empty or blank body, an absurdly long body, or no words at all is
/// refused with a <see cref="MalformedTicketException"/> naming the problem: it becomes a dead letter.
/// </summary>
[Station]
public sealed partial class Normalize
{
    /// <summary>The longest body accepted, in characters. Real tickets stay far below it.</summary>
    public const int MaxBodyLength = 20_000;

    /// <summary>Validates and normalizes one ticket.</summary>
    public NormalizedTicket Process(Ticket input)
    {
        if (string.IsNullOrWhiteSpace(input.Id))
        {
            throw new MalformedTicketException("ticket has no id", Describe(input.Body));
        }

        if (string.IsNullOrEmpty(input.Body))
        {
            throw new MalformedTicketException("body is empty", $"ticket {input.Id}");
        }

        if (string.IsNullOrWhiteSpace(input.Body))
        {
            throw new MalformedTicketException("body is only whitespace", $"ticket {input.Id}, {Count(input.Body.Length)} whitespace characters");
        }

        if (input.Body.Length > MaxBodyLength)
        {
            throw new MalformedTicketException("body is too long", $"ticket {input.Id}, {Count(input.Body.Length)} characters, limit {Count(MaxBodyLength)}");
        }

        string text = TextNormalizer.Normalize(input.Body);
        if (!TextNormalizer.HasWords(text))
        {
            throw new MalformedTicketException("body has no words", $"ticket {input.Id}: \"{Quote(text)}\"");
        }

        // A ticket read from someone else's file may have no known label: it is scored as unlabeled.
        return new NormalizedTicket(input.Id, text, TextNormalizer.Fingerprint(text), input.ExpectedCategory ?? string.Empty);
    }

    private static string Describe(string? body) =>
        string.IsNullOrWhiteSpace(body) ? "and no body" : $"body starts \"{Quote(TextNormalizer.Normalize(body.Length > 200 ? body[..200] : body))}\"";

    /// <summary>The start of <paramref name="text"/> for a message, redacted first: dead letters are shown and logged.</summary>
    private static string Quote(string text)
    {
        string redacted = PersonalDataRedactor.Redact(text).Text;
        return redacted.Length <= 30 ? redacted : redacted[..30] + "…";
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
