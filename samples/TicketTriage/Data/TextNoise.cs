using System;
using System.Text;

namespace TicketTriage.Data;

/// <summary>
/// The ways people mangle text, applied in place to a <see cref="StringBuilder"/>: typos (swapped,
/// dropped, doubled or neighbouring-key letters), shouting, random capitals and ragged whitespace.
/// Only words made of letters get typos, so numbers and personal data stay intact.
/// </summary>
public sealed class TextNoise
{
    private const string KeyboardRows = "qwertyuiop|asdfghjkl|zxcvbnm";

    private readonly DeterministicRandom random;

    /// <summary>Creates noise drawing from <paramref name="random"/>.</summary>
    public TextNoise(DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        this.random = random;
    }

    /// <summary>Gives each word of four letters or more a typo with probability <paramref name="rate"/>.</summary>
    public void AddTypos(StringBuilder text, double rate)
    {
        ArgumentNullException.ThrowIfNull(text);
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            bool lettersOnly = true;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                lettersOnly &= char.IsLetter(text[i]) || text[i] is '\'' or ',' or '.' or '?' or '!';
                i++;
            }

            int end = start;
            while (end < i && char.IsLetter(text[end]))
            {
                end++;
            }

            int length = end - start;
            if (lettersOnly && length >= 4 && random.Chance(rate))
            {
                i += Mangle(text, start, length);
            }
        }
    }

    /// <summary>Upper-cases the whole text: an angry customer.</summary>
    public static void Shout(StringBuilder text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (int i = 0; i < text.Length; i++)
        {
            text[i] = char.ToUpperInvariant(text[i]);
        }
    }

    /// <summary>Capitalises the first letter of the text and of each sentence.</summary>
    public static void SentenceCase(StringBuilder text)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool start = true;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (start && char.IsLetter(c))
            {
                text[i] = char.ToUpperInvariant(c);
                start = false;
            }
            else if (c is '.' or '!' or '?' or '\n')
            {
                start = true;
            }
            else if (!char.IsWhiteSpace(c))
            {
                start = false;
            }
        }

        Replace(text, " i ", " I ");
    }

    /// <summary>Capitalises words at random, with probability <paramref name="rate"/> each.</summary>
    public void RandomCapitals(StringBuilder text, double rate)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (int i = 0; i < text.Length; i++)
        {
            bool wordStart = char.IsLetter(text[i]) && (i == 0 || char.IsWhiteSpace(text[i - 1]));
            if (wordStart && random.Chance(rate))
            {
                text[i] = char.ToUpperInvariant(text[i]);
            }
        }
    }

    /// <summary>Doubles spaces at random, and pads the ends with spaces, tabs or blank lines.</summary>
    public void RaggedWhitespace(StringBuilder text, double rate)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (int i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] == ' ' && random.Chance(rate))
            {
                text.Insert(i, random.Chance(0.8) ? " " : "\t");
            }
        }

        if (random.Chance(0.3))
        {
            text.Insert(0, random.Chance(0.5) ? "  " : "\n");
        }

        if (random.Chance(0.3))
        {
            text.Append(random.Chance(0.5) ? "   " : "\n\n");
        }
    }

    /// <summary>Makes one typo in the word at <paramref name="start"/>; returns the change in length.</summary>
    private int Mangle(StringBuilder text, int start, int length)
    {
        int at = start + 1 + random.Next(length - 2);
        switch (random.Next(4))
        {
            case 0:
                (text[at], text[at + 1]) = (text[at + 1], text[at]);
                return 0;
            case 1:
                text.Remove(at, 1);
                return -1;
            case 2:
                text.Insert(at, text[at]);
                return 1;
            default:
                text[at] = Neighbour(text[at]);
                return 0;
        }
    }

    private char Neighbour(char c)
    {
        int index = KeyboardRows.IndexOf(char.ToLowerInvariant(c), StringComparison.Ordinal);
        if (index < 0)
        {
            return c;
        }

        bool left = index > 0 && KeyboardRows[index - 1] != '|' && (random.Chance(0.5) || index + 1 >= KeyboardRows.Length || KeyboardRows[index + 1] == '|');
        return left ? KeyboardRows[index - 1] : KeyboardRows[index + 1];
    }

    private static void Replace(StringBuilder text, string from, string to) => text.Replace(from, to);
}
