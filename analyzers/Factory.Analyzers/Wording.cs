using System.Collections.Generic;

namespace Factory.Analyzers;

/// <summary>How diagnostics list things: <c>'A'</c>, <c>'A' and 'B'</c>, <c>'A', 'B' and 'C'</c>.</summary>
internal static class Wording
{
    public static string Quote(string text) => "'" + text + "'";

    /// <summary>Each name quoted, joined with commas and a final "and".</summary>
    public static string QuotedList(IEnumerable<string> names)
    {
        var quoted = new List<string>();
        foreach (string name in names)
        {
            quoted.Add(Quote(name));
        }

        return List(quoted);
    }

    /// <summary>The items joined with commas and a final "and".</summary>
    public static string List(IReadOnlyList<string> items)
    {
        if (items.Count <= 1)
        {
            return items.Count == 0 ? string.Empty : items[0];
        }

        var head = new string[items.Count - 1];
        for (int i = 0; i < head.Length; i++)
        {
            head[i] = items[i];
        }

        return string.Join(", ", head) + " and " + items[items.Count - 1];
    }
}
