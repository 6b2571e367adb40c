using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Factory.AI;

/// <summary>Helpers the generated prompt rendering and inspection call. Not for hand-written code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PromptText
{
    /// <summary>Appends a member's value: nothing for null, invariant culture for numbers and dates, items joined by ", " for sequences.</summary>
    public static void Append<T>(StringBuilder builder, T value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        switch (value)
        {
            case null:
                return;
            case string text:
                builder.Append(text);
                return;
            case IFormattable formattable:
                builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                return;
            case IEnumerable items:
                AppendItems(builder, items);
                return;
            default:
                builder.Append(value.ToString());
                return;
        }
    }

    /// <summary>True when <paramref name="value"/> is a complete match of <paramref name="pattern"/> (as [RegularExpression] checks).</summary>
    public static bool IsFullMatch(string value, Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(pattern);
        Match match = pattern.Match(value);
        return match.Success && match.Index == 0 && match.Length == value.Length;
    }

    /// <summary>The length [StringLength] measures: a string's length.</summary>
    public static int Length(string value) => value.Length;

    /// <summary>Adds a problem to the list.</summary>
    public static void Add(ICollection<string> problems, string problem) => problems.Add(problem);

    /// <summary>Adds each of the unit's own problems that is not empty.</summary>
    public static void AddAll(ICollection<string> problems, IEnumerable<string>? found)
    {
        if (found is null)
        {
            return;
        }

        foreach (string problem in found)
        {
            if (!string.IsNullOrWhiteSpace(problem))
            {
                problems.Add(problem);
            }
        }
    }

    private static void AppendItems(StringBuilder builder, IEnumerable items)
    {
        bool first = true;
        foreach (object? item in items)
        {
            if (!first)
            {
                builder.Append(", ");
            }

            first = false;
            Append(builder, item);
        }
    }
}
