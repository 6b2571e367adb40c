using System;
using System.Globalization;
using System.Text;

namespace TicketTriage.Data;

/// <summary>
/// Makes up the variable values of generated tickets: order and tracking numbers, amounts, dates,
/// error codes, names, links, and the personal data the redactor must find (email addresses, phone numbers
/// in several national formats, Luhn-valid card numbers). Every value comes from <see cref="Random"/>.
/// </summary>
public sealed class SlotFiller
{
    private static readonly string[] FirstNames = ["anna", "ben", "carla", "david", "emma", "farid", "grace", "hiro", "ines", "jon", "kemal", "lena", "maria", "noah", "olga", "pedro", "quinn", "rosa", "sam", "tariq", "uma", "victor", "wei", "yusuf", "zoe"];
    private static readonly string[] LastNames = ["smith", "garcia", "muller", "rossi", "nowak", "kim", "silva", "jensen", "okafor", "dubois", "tanaka", "cohen", "ivanova", "brown", "lopez"];
    private static readonly string[] Domains = ["example.com", "example.org", "mail.example.net", "inbox.test", "corp.example.co.uk"];
    private static readonly string[] Months = ["jan", "feb", "march", "april", "may", "june", "july", "aug", "sept", "oct", "nov", "dec"];
    private static readonly string[] Weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    private static readonly string[] Currencies = ["${0}", "{0} eur", "£{0}", "{0} usd", "€{0}"];
    private static readonly string[] Errors = ["error 500", "error code e-{0}", "error {0}", "a 404", "\"something went wrong\"", "err_connection_reset", "a timeout error", "\"unexpected error ({0})\""];
    private static readonly string[] Codes = ["spring20", "welcome10", "save15", "blackfriday", "vip25", "freeship"];
    private static readonly string[] LinkHosts = ["bit.ly", "tinyurl.example", "best-deals.example", "secure-login.example.net", "win-prizes.test", "track-parcel.example.org"];

    /// <summary>Creates a filler drawing from <paramref name="random"/>.</summary>
    public SlotFiller(DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Random = random;
    }

    /// <summary>The source of every random choice.</summary>
    public DeterministicRandom Random { get; }

    /// <summary>Appends a value for the slot <paramref name="name"/>.</summary>
    public void Fill(string name, StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        switch (name)
        {
            case "order":
                output.Append(Random.Chance(0.5) ? "order #" : "order ");
                AppendDigits(output, 6);
                break;
            case "amount":
                output.Append(string.Format(CultureInfo.InvariantCulture, Random.Pick(Currencies), Amount()));
                break;
            case "date":
                AppendDate(output);
                break;
            case "days":
                output.Append(Random.Next(2, 22));
                break;
            case "years":
                output.Append(Random.Next(2, 13));
                break;
            case "stars":
                output.Append(Random.Next(1, 6));
                break;
            case "tracking":
                output.Append("1Z");
                for (int i = 0; i < 16; i++)
                {
                    output.Append(Random.Chance(0.3) ? (char)('A' + Random.Next(26)) : Random.Digit());
                }

                break;
            case "error":
                output.Append(string.Format(CultureInfo.InvariantCulture, Random.Pick(Errors), Random.Next(1000, 9999)));
                break;
            case "version":
                output.Append(Random.Next(3, 6)).Append('.').Append(Random.Next(0, 10)).Append('.').Append(Random.Next(0, 20));
                break;
            case "code":
                output.Append(Random.Pick(Codes));
                break;
            case "name":
                output.Append(Random.Pick(FirstNames));
                break;
            case "email":
                AppendEmail(output);
                break;
            case "phone":
                AppendPhone(output);
                break;
            case "card":
                AppendCard(output);
                break;
            case "url":
                AppendLink(output);
                break;
            default:
                throw new ArgumentException($"Unknown slot '{{#{name}}}'.", nameof(name));
        }
    }

    private string Amount()
    {
        int whole = Random.Next(4, 400);
        return Random.Chance(0.6)
            ? string.Create(CultureInfo.InvariantCulture, $"{whole}.{Random.Next(0, 100):00}")
            : whole.ToString(CultureInfo.InvariantCulture);
    }

    private void AppendDate(StringBuilder output)
    {
        switch (Random.Next(3))
        {
            case 0:
                output.Append(Random.Pick(Months)).Append(' ').Append(Random.Next(1, 29));
                break;
            case 1:
                output.Append(Random.Next(1, 13)).Append('/').Append(Random.Next(1, 29));
                break;
            default:
                output.Append("last ").Append(Random.Pick(Weekdays));
                break;
        }
    }

    private void AppendEmail(StringBuilder output)
    {
        string first = Random.Pick(FirstNames);
        string last = Random.Pick(LastNames);
        switch (Random.Next(4))
        {
            case 0:
                output.Append(first).Append('.').Append(last);
                break;
            case 1:
                output.Append(first).Append('_').Append(last).Append(Random.Next(1, 99));
                break;
            case 2:
                output.Append(first[0]).Append(last);
                break;
            default:
                output.Append(first).Append('+').Append("support");
                break;
        }

        output.Append('@').Append(Random.Pick(Domains));
    }

    private void AppendPhone(StringBuilder output)
    {
        switch (Random.Next(5))
        {
            case 0:
                output.Append("+1 (555) 01");
                AppendDigits(output, 1).Append('-');
                AppendDigits(output, 4);
                break;
            case 1:
                output.Append("555-01");
                AppendDigits(output, 1).Append('-');
                AppendDigits(output, 4);
                break;
            case 2:
                output.Append("555.01");
                AppendDigits(output, 1).Append('.');
                AppendDigits(output, 4);
                break;
            case 3:
                output.Append("+44 20 7946 0");
                AppendDigits(output, 3);
                break;
            default:
                output.Append("0151 496 0");
                AppendDigits(output, 3);
                break;
        }
    }

    /// <summary>A link as spam carries one: a short or look-alike host and a random path.</summary>
    private void AppendLink(StringBuilder output)
    {
        output.Append(Random.Chance(0.6) ? "https://" : Random.Chance(0.5) ? "http://" : "www.");
        output.Append(Random.Pick(LinkHosts)).Append('/');
        int length = Random.Next(5, 9);
        for (int i = 0; i < length; i++)
        {
            output.Append(Random.Chance(0.3) ? Random.Digit() : (char)('a' + Random.Next(26)));
        }
    }

    /// <summary>A Visa- or Mastercard-like 16-digit number that passes the Luhn check, grouped in fours.</summary>
    private void AppendCard(StringBuilder output)
    {
        Span<int> digits = stackalloc int[16];
        digits[0] = Random.Chance(0.5) ? 4 : 5;
        for (int i = 1; i < 15; i++)
        {
            digits[i] = Random.Next(10);
        }

        digits[15] = LuhnCheckDigit(digits[..15]);
        char separator = Random.Next(3) switch
        {
            0 => ' ',
            1 => '-',
            _ => '\0',
        };
        for (int i = 0; i < 16; i++)
        {
            if (i > 0 && i % 4 == 0 && separator != '\0')
            {
                output.Append(separator);
            }

            output.Append((char)('0' + digits[i]));
        }
    }

    private static int LuhnCheckDigit(ReadOnlySpan<int> payload)
    {
        int sum = 0;
        for (int i = 0; i < payload.Length; i++)
        {
            // Counting from the right of the full number (check digit at position 0), payload digits
            // at odd positions are doubled.
            int digit = payload[payload.Length - 1 - i];
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return (10 - (sum % 10)) % 10;
    }

    private StringBuilder AppendDigits(StringBuilder output, int count)
    {
        for (int i = 0; i < count; i++)
        {
            output.Append(Random.Digit());
        }

        return output;
    }
}
