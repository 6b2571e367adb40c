using System;
using System.Globalization;
using System.Text;

namespace TicketTriage.Text;

/// <summary>
/// Cleans customer text so that the same message always reads the same: Unicode compatibility form,
/// lower case, control characters and runs of whitespace become one space, runs of the same
/// punctuation mark ("!!!") become one, and a letter repeated three or more times ("sooooo") becomes two.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Returns the normalized text; empty when <paramref name="text"/> holds nothing but whitespace.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.IsNormalized(NormalizationForm.FormKC))
        {
            text = text.Normalize(NormalizationForm.FormKC);
        }

        var builder = new StringBuilder(text.Length);
        bool pendingSpace = false;
        char previous = '\0';
        int run = 0;
        foreach (char raw in text)
        {
            if (char.IsWhiteSpace(raw) || char.IsControl(raw))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            char c = char.ToLowerInvariant(raw);
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
                previous = ' ';
            }

            run = c == previous ? run + 1 : 1;
            previous = c;
            bool repeatedPunctuation = run > 1 && char.IsPunctuation(c);
            bool repeatedLetter = run > 2 && char.IsLetter(c);
            if (!repeatedPunctuation && !repeatedLetter)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A 64-bit FNV-1a hash of normalized text, as 16 hex digits: the same for two tickets whose
    /// texts normalize to the same string (a re-sent ticket, or one that differs only in case and spacing).
    /// </summary>
    public static string Fingerprint(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        ulong hash = offset;
        foreach (char c in normalized)
        {
            hash = (hash ^ (byte)c) * prime;
            hash = (hash ^ (byte)(c >> 8)) * prime;
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>True when <paramref name="text"/> has at least one letter.</summary>
    public static bool HasWords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (char c in text)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }
}
