using System;
using System.Collections.Generic;
using System.Text;

namespace TicketTriage.Data;

/// <summary>
/// A sentence with variable parts, parsed once and rendered many times:
/// <c>{a|b|c}</c> picks one alternative (an empty one makes the part optional; alternatives may hold
/// further parts), <c>{@pool}</c> renders a template from a named pool, and <c>{#slot}</c> asks
/// <see cref="SlotFiller"/> for a made-up value (an order number, an amount, a date, ...).
/// </summary>
public sealed class PhraseTemplate
{
    private readonly Part[] parts;

    private PhraseTemplate(string source, Part[] parts)
    {
        Source = source;
        this.parts = parts;
    }

    /// <summary>The template as written.</summary>
    public string Source { get; }

    /// <summary>Parses <paramref name="source"/>.</summary>
    public static PhraseTemplate Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var parts = new List<Part>();
        int position = 0;
        while (position < source.Length)
        {
            int open = source.IndexOf('{', position);
            int stray = source.IndexOf('}', position);
            if (stray >= 0 && (open < 0 || stray < open))
            {
                throw new FormatException($"Unexpected '}}' at {stray} in template \"{source}\".");
            }

            if (open < 0)
            {
                parts.Add(Part.Literal(source[position..]));
                break;
            }

            if (open > position)
            {
                parts.Add(Part.Literal(source[position..open]));
            }

            List<string> options = SplitGroup(source, open, out int close);
            string inner = source[(open + 1)..close];
            parts.Add(inner switch
            {
                ['@', .. string pool] when options.Count == 1 => Part.Pool(pool),
                ['#', .. string slot] when options.Count == 1 => Part.Slot(slot),
                _ => Part.Choice(options.ConvertAll(Parse).ToArray()),
            });
            position = close + 1;
        }

        return new PhraseTemplate(source, parts.ToArray());
    }

    /// <summary>The alternatives of the group opened at <paramref name="open"/>, split at its own top-level bars.</summary>
    private static List<string> SplitGroup(string source, int open, out int close)
    {
        var options = new List<string>();
        int depth = 0;
        int start = open + 1;
        for (int i = open + 1; i < source.Length; i++)
        {
            switch (source[i])
            {
                case '{':
                    depth++;
                    break;
                case '|' when depth == 0:
                    options.Add(source[start..i]);
                    start = i + 1;
                    break;
                case '}' when depth == 0:
                    options.Add(source[start..i]);
                    close = i;
                    return options;
                case '}':
                    depth--;
                    break;
            }
        }

        throw new FormatException($"Unclosed '{{' at {open} in template \"{source}\".");
    }

    /// <summary>Parses every template of <paramref name="sources"/>.</summary>
    public static PhraseTemplate[] ParseAll(params string[] sources) => Array.ConvertAll(sources, Parse);

    /// <summary>Appends one rendering of the template to <paramref name="output"/>.</summary>
    public void Render(StringBuilder output, SlotFiller slots)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(slots);
        foreach (Part part in parts)
        {
            switch (part.Kind)
            {
                case PartKind.Literal:
                    output.Append(part.Text);
                    break;
                case PartKind.Choice:
                    slots.Random.Pick(part.Options!).Render(output, slots);
                    break;
                case PartKind.Pool:
                    slots.Random.Pick(Phrasebook.Pool(part.Text)).Render(output, slots);
                    break;
                default:
                    slots.Fill(part.Text, output);
                    break;
            }
        }
    }

    /// <summary>One rendering as a string.</summary>
    public string Render(SlotFiller slots)
    {
        var output = new StringBuilder();
        Render(output, slots);
        return output.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Source;

    private enum PartKind
    {
        Literal,
        Choice,
        Pool,
        Slot,
    }

    private readonly record struct Part(PartKind Kind, string Text, PhraseTemplate[]? Options)
    {
        public static Part Literal(string text) => new(PartKind.Literal, text, null);

        public static Part Choice(PhraseTemplate[] options) => new(PartKind.Choice, string.Empty, options);

        public static Part Pool(string name) => new(PartKind.Pool, name, null);

        public static Part Slot(string name) => new(PartKind.Slot, name, null);
    }
}
