using System;
using Factory;
using Factory.Jsonl;
using TicketTriage.Text;
using TicketTriage.Tickets;

namespace TicketTriage.Reporting;

/// <summary>
/// One ticket that got no outcome, in one shape for the summary: a dead letter of the line, or a line of
/// the tickets file that was not a ticket (reported by the JSONL source with its line number).
/// </summary>
/// <param name="Reason">What went wrong, the same for every failure of its kind (for grouping).</param>
/// <param name="Where">The station, or the tickets file.</param>
/// <param name="Kind">The exception's short type name.</param>
/// <param name="Item">Which ticket: its id, or the line number.</param>
/// <param name="Message">The full message, with the details of this one (personal data removed).</param>
public sealed record Failure(string Reason, string Where, string Kind, string Item, string Message)
{
    /// <summary>How much of a bad line's text a message quotes, in characters.</summary>
    public const int QuoteLength = 60;

    /// <summary>A dead letter of the line.</summary>
    public static Failure From(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        string item = letter.Input switch
        {
            Ticket { Id.Length: > 0 } ticket => ticket.Id,
            Ticket => FormattableString.Invariant($"(no id, material {letter.MaterialId})"),
            Triaged triaged => triaged.Id,

            // On the broker the letter keeps its input as JSON; a ticket's has its "id".
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } json when json.TryGetProperty("id", out System.Text.Json.JsonElement id) && id.ValueKind is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Null
                => id.GetString() is { Length: > 0 } text ? text : FormattableString.Invariant($"(no id, material {letter.MaterialId})"),
            _ => FormattableString.Invariant($"material {letter.MaterialId}"),
        };
        return new Failure(MalformedTicketException.ReasonOf(letter.Message), letter.Station, ShortType(letter.ExceptionType), item, letter.Message);
    }

    /// <summary>A line of <paramref name="file"/> that was not a ticket.</summary>
    public static Failure From(JsonlError error, string file)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(file);
        string reason = error.Kind switch
        {
            JsonlErrorKind.TooLong => "line is too long to read",
            JsonlErrorKind.Null => "line is null, not a ticket",
            _ => "not a ticket: " + FirstSentence(error.Message),
        };
        string kind = error.Exception?.GetType().Name ?? "Jsonl" + error.Kind;
        string quoted = Quote(error.RawText);
        string message = FormattableString.Invariant($"line {error.LineNumber}: {error.Message} The line starts \"{quoted}\"");
        return new Failure(reason, file, kind, FormattableString.Invariant($"line {error.LineNumber}"), message);
    }

    /// <summary>The JSON reader's message up to its details ("Path: $.id | LineNumber: ..."), which differ per line.</summary>
    public static string FirstSentence(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int details = message.IndexOf(" Path:", StringComparison.Ordinal);
        return details < 0 ? message : message[..details];
    }

    /// <summary>The start of a bad line, redacted: the summary is shown and logged.</summary>
    private static string Quote(string text)
    {
        string redacted = PersonalDataRedactor.Redact(text).Text;
        return redacted.Length <= QuoteLength ? redacted : redacted[..QuoteLength] + "…";
    }

    private static string ShortType(string typeName)
    {
        int dot = typeName.LastIndexOf('.');
        return dot < 0 ? typeName : typeName[(dot + 1)..];
    }
}
