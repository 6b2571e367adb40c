using System;
using System.Text.RegularExpressions;
using TicketTriage.Tickets;

namespace TicketTriage.Text;

/// <summary>
/// Replaces personal data in text with placeholders: payment card numbers (13 to 19 digits, spaces or
/// dashes allowed, kept only when the Luhn check passes, so order and tracking numbers survive) with
/// <c>[card]</c>, email addresses with <c>[email]</c>, and phone numbers (international or national
/// form, with separators) with <c>[phone]</c>. The patterns are source-generated regular expressions.
/// </summary>
public static partial class PersonalDataRedactor
{
    /// <summary>The placeholder for an email address.</summary>
    public const string EmailPlaceholder = "[email]";

    /// <summary>The placeholder for a phone number.</summary>
    public const string PhonePlaceholder = "[phone]";

    /// <summary>The placeholder for a card number.</summary>
    public const string CardPlaceholder = "[card]";

    /// <summary>Redacts <paramref name="text"/>. Cards go first, so their digits are never taken for a phone number.</summary>
    public static RedactionResult Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int cards = 0;
        int emails = 0;
        int phones = 0;

        string result = text;
        if (ContainsDigitRun(result, 13))
        {
            result = CardPattern().Replace(result, match =>
            {
                if (PassesLuhn(match.ValueSpan))
                {
                    cards++;
                    return CardPlaceholder;
                }

                // The pattern is greedy, so a card next to another number ("4111 1111 1111 1111 12/27")
                // matches as one longer run that fails the check: look for the card among its groups.
                (int start, int length) = FindCard(match.ValueSpan);
                if (length == 0)
                {
                    return match.Value;
                }

                cards++;
                return string.Concat(match.ValueSpan[..start], CardPlaceholder, match.ValueSpan[(start + length)..]);
            });
        }

        if (result.Contains('@', StringComparison.Ordinal))
        {
            result = EmailPattern().Replace(result, _ =>
            {
                emails++;
                return EmailPlaceholder;
            });
        }

        result = PhonePattern().Replace(result, _ =>
        {
            phones++;
            return PhonePlaceholder;
        });

        Redactions redactions = cards + emails + phones == 0 ? Redactions.None : new Redactions(emails, phones, cards);
        return new RedactionResult(result, redactions);
    }

    /// <summary>The Luhn (mod 10) check over the digits of <paramref name="number"/>, ignoring separators.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> number)
    {
        int sum = 0;
        int digits = 0;
        for (int i = number.Length - 1; i >= 0; i--)
        {
            char c = number[i];
            if (c is < '0' or > '9')
            {
                continue;
            }

            int digit = c - '0';
            if (digits % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            digits++;
        }

        return digits >= 13 && sum % 10 == 0;
    }

    /// <summary>
    /// The longest run of whole digit groups (split at spaces and dashes) in <paramref name="run"/> that is
    /// 13 to 19 digits long and passes the Luhn check, as start and length; length 0 when there is none.
    /// </summary>
    private static (int Start, int Length) FindCard(ReadOnlySpan<char> run)
    {
        (int Start, int Length) best = (0, 0);
        for (int start = 0; start < run.Length; start++)
        {
            if (start > 0 && run[start - 1] is not (' ' or '-'))
            {
                continue;
            }

            int digits = 0;
            for (int end = start; end < run.Length && digits < 19; end++)
            {
                if (run[end] is ' ' or '-')
                {
                    continue;
                }

                digits++;
                bool groupEnds = end + 1 == run.Length || run[end + 1] is ' ' or '-';
                int length = end + 1 - start;
                if (groupEnds && digits >= 13 && length > best.Length && PassesLuhn(run.Slice(start, length)))
                {
                    best = (start, length);
                }
            }
        }

        return best;
    }

    /// <summary>A cheap pre-check: at least <paramref name="minimum"/> digits in the text at all.</summary>
    private static bool ContainsDigitRun(string text, int minimum)
    {
        int digits = 0;
        foreach (char c in text)
        {
            if (c is >= '0' and <= '9' && ++digits >= minimum)
            {
                return true;
            }
        }

        return false;
    }

    // 13 to 19 digits, optionally grouped by single spaces or dashes, not inside a longer word or number.
    [GeneratedRegex(@"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex CardPattern();

    [GeneratedRegex(@"[a-z0-9](?:[a-z0-9._%+-]*[a-z0-9])?@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // An optional country code, then an area code (bracketed or not) and two groups, separated by
    // spaces, dots or dashes: +1 (555) 014-2368, 555.014.2368, +44 20 7946 0958, 0151 496 0734.
    [GeneratedRegex(@"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,5}[ .-])\d{3,4}[ .-]?\d{3,4}(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
