using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Factory.Analyzers.Tests.Verification;

/// <summary>A span marked in test source: <c>[|text|]</c>, or <c>{|FCT0001:text|}</c> to name the id too.</summary>
internal sealed record MarkedSpan(string? Id, TextSpan Span);

/// <summary>Source with its markup taken out, and the spans it marked, in source order.</summary>
internal sealed record Markup(string Source, IReadOnlyList<MarkedSpan> Spans)
{
    public static Markup Parse(string markup)
    {
        var source = new StringBuilder(markup.Length);
        var spans = new List<MarkedSpan>();
        var open = new Stack<(string? Id, int Start, char Close)>();
        int i = 0;
        while (i < markup.Length)
        {
            if (Starts(markup, i, "[|"))
            {
                open.Push((null, source.Length, ']'));
                i += 2;
            }
            else if (Starts(markup, i, "{|"))
            {
                int colon = markup.IndexOf(':', i + 2);
                if (colon < 0)
                {
                    throw new FormatException($"'{{|' at {i} has no ':' after its id");
                }

                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length, '}'));
                i = colon + 1;
            }
            else if (open.Count > 0 && (Starts(markup, i, "|]") || Starts(markup, i, "|}")))
            {
                (string? id, int start, char close) = open.Pop();
                if (markup[i + 1] != close)
                {
                    throw new FormatException($"markup closed with '|{markup[i + 1]}' at {i}, expected '|{close}'");
                }

                spans.Add(new MarkedSpan(id, TextSpan.FromBounds(start, source.Length)));
                i += 2;
            }
            else
            {
                source.Append(markup[i]);
                i++;
            }
        }

        if (open.Count > 0)
        {
            throw new FormatException("markup has an unclosed span");
        }

        spans.Sort((a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : a.Span.End.CompareTo(b.Span.End));
        return new Markup(source.ToString(), spans);
    }

    private static bool Starts(string text, int index, string value) =>
        string.CompareOrdinal(text, index, value, 0, value.Length) == 0;
}
