using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Factory.Ledger;

namespace Factory.ControlRoom;

/// <summary>
/// Dead letters grouped by station and cause: the exception's type and its message with the parts
/// that differ from letter to letter (numbers, ids, quoted values) replaced by <c>#</c>, so one
/// failure seen a thousand times is one row.
/// </summary>
internal static class DeadLetterGroups
{
    public sealed record Group(string Station, string ExceptionType, string Pattern, int Count, DateTimeOffset First, DateTimeOffset Last);

    public static IReadOnlyList<Group> Of(IEnumerable<DeadLetterRecord> letters) => letters
        .GroupBy(l => (l.Station, l.ExceptionType, Pattern: Pattern(l.Message)))
        .Select(g => new Group(g.Key.Station, g.Key.ExceptionType, g.Key.Pattern, g.Count(), g.Min(l => l.Time), g.Max(l => l.Time)))
        .OrderByDescending(g => g.Count)
        .ThenBy(g => g.Station, StringComparer.Ordinal)
        .ToArray();

    public static bool InGroup(DeadLetterRecord letter, string? station, string? type, string? pattern) =>
        (station is null || letter.Station == station) && (type is null || letter.ExceptionType == type) && (pattern is null || Pattern(letter.Message) == pattern);

    /// <summary>The message with its varying parts (digit runs, hex ids, quoted values) as <c>#</c>.</summary>
    public static string Pattern(string message)
    {
        var pattern = new StringBuilder(Math.Min(message.Length, 300));
        int i = 0;
        while (i < message.Length && pattern.Length < 300)
        {
            char c = message[i];
            if (c is '\'' or '"')
            {
                int end = message.IndexOf(c, i + 1);
                if (end > i)
                {
                    pattern.Append(c).Append('#').Append(c);
                    i = end + 1;
                    continue;
                }
            }

            if (char.IsAsciiDigit(c))
            {
                while (i < message.Length && (char.IsAsciiHexDigit(message[i]) || message[i] == '-'))
                {
                    i++;
                }

                pattern.Append('#');
                continue;
            }

            pattern.Append(c);
            i++;
        }

        return pattern.ToString();
    }
}
