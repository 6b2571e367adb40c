using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Factory.RabbitMQ;

/// <summary>
/// Reads RabbitMQ's refusal of a redeclaration (406 PRECONDITION_FAILED, "inequivalent arg 'x' for queue
/// 'q' in vhost '/': received A but current is B"), which names one argument at a time, and gives the
/// value the queue has in the type it has, so the next declaration can agree on it and find the next one.
/// </summary>
internal static partial class Inequivalence
{
    /// <summary>
    /// The argument, what was declared and what exists (and the existing value as the broker wrote it,
    /// for <see cref="Agree"/>); false when the text is not such a refusal.
    /// </summary>
    public static bool TryRead(string? replyText, out ArgumentDifference difference, out string rawCurrent)
    {
        Match match = replyText is null ? Match.Empty : Refusal().Match(replyText);
        rawCurrent = match.Success ? match.Groups["current"].Value : "none";
        difference = match.Success
            ? new ArgumentDifference(match.Groups["arg"].Value, Shown(match.Groups["received"].Value), Shown(rawCurrent))
            : null!;
        return match.Success;
    }

    /// <summary>
    /// Makes <paramref name="arguments"/> agree with the queue on <paramref name="difference"/>'s argument;
    /// false when that cannot be done by arguments (durable, exclusive, auto_delete are declare flags).
    /// </summary>
    public static bool Agree(IDictionary<string, object?> arguments, ArgumentDifference difference, string rawCurrent)
    {
        if (!difference.Argument.StartsWith("x-", StringComparison.Ordinal))
        {
            return false;
        }

        if (rawCurrent == "none")
        {
            arguments.Remove(difference.Argument);
            return true;
        }

        Match typed = TypedValue().Match(rawCurrent);
        string text = typed.Success ? typed.Groups["value"].Value : rawCurrent.Trim('\'');
        string type = typed.Success ? typed.Groups["type"].Value : TypeOf(arguments.TryGetValue(difference.Argument, out object? ours) ? ours : null);
        arguments[difference.Argument] = type switch
        {
            "signedint" or "long" or "short" or "byte" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number) => number,
            "bool" => text == "true",
            _ => text,
        };
        return true;
    }

    // "the value '10' of type 'signedint'" and "'10'" both show as '10'.
    private static string Shown(string raw)
    {
        Match typed = TypedValue().Match(raw);
        return typed.Success ? "'" + typed.Groups["value"].Value + "'" : raw;
    }

    private static string TypeOf(object? value) => value switch
    {
        int or long or short or byte => "long",
        bool => "bool",
        _ => "longstr",
    };

    [GeneratedRegex(@"inequivalent arg '(?<arg>[^']+)' for queue '[^']*' in vhost '[^']*': received (?<received>.+) but current is (?<current>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Refusal();

    [GeneratedRegex(@"^the value '(?<value>.*)' of type '(?<type>[^']+)'$", RegexOptions.CultureInvariant)]
    private static partial Regex TypedValue();
}
