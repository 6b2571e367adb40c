using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TicketTriage.Cli;
using TicketTriage.Data;
using TicketTriage.Model;
using TicketTriage.Running;
using TicketTriage.Tickets;

namespace TicketTriage.Tests;

/// <summary>The classifier trained once on the shipped <c>data/train.jsonl</c>, shared by the tests that need it.</summary>
internal static class ShippedModel
{
    private static readonly Lazy<NaiveBayesClassifier> Model = new(() => TriageRunner.Train(SamplePaths.ShippedTrainingFile));

    public static NaiveBayesClassifier Instance => Model.Value;
}

/// <summary>Version 2 of the classifier (logistic regression) trained once on the shipped training file.</summary>
internal static class ShippedModelV2
{
    private static readonly Lazy<LogisticRegressionClassifier> Model = new(() => TriageRunner.TrainVersion2(SamplePaths.ShippedTrainingFile));

    public static LogisticRegressionClassifier Instance => Model.Value;
}

/// <summary>
/// What the tests know about generated tickets, worked out here and not with the sample's own
/// code: which tickets are malformed and how, and which personal data a body carries (patterns
/// written for the generator's formats in <c>SlotFiller</c>, independent of the redactor's).
/// </summary>
internal static partial class Inspect
{
    /// <summary>The longest body the line accepts (Normalize.MaxBodyLength; the generator's long bodies are 50,000+).</summary>
    public const int MaxBodyLength = 20_000;

    /// <summary>The kind of problem of a malformed ticket, or null for a well-formed one.</summary>
    public static MalformedKind? Malformed(Ticket ticket)
    {
        if (ticket.Id.Length == 0)
        {
            return MalformedKind.MissingId;
        }

        if (ticket.Body.Length == 0)
        {
            return MalformedKind.EmptyBody;
        }

        if (ticket.Body.All(char.IsWhiteSpace))
        {
            return MalformedKind.WhitespaceBody;
        }

        if (ticket.Body.Length > MaxBodyLength)
        {
            return MalformedKind.AbsurdlyLong;
        }

        return ticket.Body.Any(char.IsLetter) ? null : MalformedKind.NoWords;
    }

    /// <summary>
    /// True when <paramref name="line"/> is one JSON object whose <c>id</c>, <c>body</c> and
    /// <c>expectedCategory</c> are strings: what the tickets file should hold on every line.
    /// </summary>
    public static bool IsTicketJson(string line)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.String
                && root.TryGetProperty("body", out JsonElement body) && body.ValueKind == JsonValueKind.String
                && root.TryGetProperty("expectedCategory", out JsonElement label) && label.ValueKind == JsonValueKind.String;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The email addresses in <paramref name="text"/>, lower-cased.</summary>
    public static IReadOnlyList<string> Emails(string text) =>
        EmailLike().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToArray();

    /// <summary>The phone numbers in <paramref name="text"/>, as digits only.</summary>
    public static IReadOnlyList<string> Phones(string text) =>
        PhoneLike().Matches(text).Select(m => DigitsOf(m.Value)).ToArray();

    /// <summary>The 16-digit card numbers in <paramref name="text"/>, as digits only.</summary>
    public static IReadOnlyList<string> Cards(string text) =>
        CardLike().Matches(text).Select(m => DigitsOf(m.Value)).ToArray();

    public static string DigitsOf(string text)
    {
        var digits = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
        }

        return digits.ToString();
    }

    /// <summary>The Luhn check, written out again so the generator's card numbers are checked by other code than the redactor's.</summary>
    public static bool Luhn(string digits)
    {
        int sum = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            int digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit = digit * 2 > 9 ? (digit * 2) - 9 : digit * 2;
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    // first.last, first_last12, flast, first+support at one of the generator's domains.
    [GeneratedRegex(@"[a-z0-9._+]+@[a-z0-9.]+\.[a-z]{2,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmailLike();

    // +1 (555) 01x-xxxx, 555-01x-xxxx, 555.01x.xxxx, +44 20 7946 0xxx, 0151 496 0xxx; the raw text may
    // have doubled spaces or tabs (ragged whitespace, re-sent copies).
    [GeneratedRegex(@"\+1\s+\(555\)\s+01\d-\d{4}|555-01\d-\d{4}|555\.01\d\.\d{4}|\+44\s+20\s+7946\s+0\d{3}|0151\s+496\s+0\d{3}", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneLike();

    // 16 digits starting 4 or 5, in fours separated by spaces or dashes, or not separated.
    [GeneratedRegex(@"(?<![\w-])[45]\d{3}(?:(?:\s+|-)?\d{4}){3}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex CardLike();
}
