using System;
using System.ComponentModel;
using System.Text.RegularExpressions;

namespace Factory.Runtime;

/// <summary>Helpers the generated <c>GateWork.Validate</c> calls.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GateChecks
{
    /// <summary>True when <paramref name="pattern"/> matches all of <paramref name="value"/>, as <c>[RegularExpression]</c> requires.</summary>
    public static bool IsFullMatch(string value, Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(pattern);
        Match match = pattern.Match(value);
        return match.Success && match.Index == 0 && match.Length == value.Length;
    }
}
