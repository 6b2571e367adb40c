using System;
using System.Collections.Generic;

namespace TicketTriage.Model;

/// <summary>
/// Splits text into word tokens: runs of letters and digits, lower-cased. Apostrophes inside a word
/// are dropped ("don't" is "dont"), single letters are skipped, and every number becomes the one
/// token <see cref="Number"/> so order numbers and amounts do not each get a feature.
/// </summary>
public static class Tokenizer
{
    /// <summary>The token that stands for any number.</summary>
    public const string Number = "<num>";

    /// <summary>The tokens of <paramref name="text"/> as strings (for tests and inspection; the model uses <see cref="Enumerate"/>).</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        foreach (Token token in Enumerate(text))
        {
            tokens.Add(token.IsNumber ? Number : token.ToLowerString());
        }

        return tokens;
    }

    /// <summary>Enumerates the tokens of <paramref name="text"/> without allocating.</summary>
    public static TokenEnumerator Enumerate(ReadOnlySpan<char> text) => new(text);

    /// <summary>True for the characters that make up tokens.</summary>
    public static bool IsTokenChar(char c) => char.IsLetterOrDigit(c);

    /// <summary>One token: a slice of the text, possibly with apostrophes inside it that are not part of the word.</summary>
    public readonly ref struct Token
    {
        internal Token(ReadOnlySpan<char> span, bool isNumber)
        {
            Span = span;
            IsNumber = isNumber;
        }

        /// <summary>The token's characters in the text, as written (apostrophes included).</summary>
        public ReadOnlySpan<char> Span { get; }

        /// <summary>True when the token is made of digits only.</summary>
        public bool IsNumber { get; }

        /// <summary>The token as a lower-case string without apostrophes.</summary>
        public string ToLowerString()
        {
            Span<char> buffer = Span.Length <= 128 ? stackalloc char[Span.Length] : new char[Span.Length];
            int length = 0;
            foreach (char c in Span)
            {
                if (IsTokenChar(c))
                {
                    buffer[length++] = char.ToLowerInvariant(c);
                }
            }

            return new string(buffer[..length]);
        }
    }

    /// <summary>Walks a text token by token.</summary>
    public ref struct TokenEnumerator
    {
        private readonly ReadOnlySpan<char> text;
        private int position;

        internal TokenEnumerator(ReadOnlySpan<char> text)
        {
            this.text = text;
            position = 0;
            Current = default;
        }

        /// <summary>The current token.</summary>
        public Token Current { get; private set; }

        /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
        public readonly TokenEnumerator GetEnumerator() => this;

        /// <summary>Moves to the next token of two or more characters.</summary>
        public bool MoveNext()
        {
            while (position < text.Length)
            {
                while (position < text.Length && !IsTokenChar(text[position]))
                {
                    position++;
                }

                int start = position;
                int letters = 0;
                bool digitsOnly = true;
                while (position < text.Length)
                {
                    char c = text[position];
                    if (IsTokenChar(c))
                    {
                        letters++;
                        digitsOnly &= char.IsAsciiDigit(c);
                        position++;
                    }
                    else if (IsApostrophe(c) && position + 1 < text.Length && IsTokenChar(text[position + 1]) && letters > 0)
                    {
                        position++;
                    }
                    else
                    {
                        break;
                    }
                }

                if (letters >= 2 || (letters == 1 && digitsOnly))
                {
                    Current = new Token(text[start..position], digitsOnly);
                    return true;
                }
            }

            return false;
        }

        private static bool IsApostrophe(char c) => c is '\'' or '\u2019';
    }
}
