using System;

namespace Factory.ControlRoom;

/// <summary>
/// The page someone asked for before they were signed in, carried through the sign-in (a query field,
/// then a hidden form field or the provider's state) so that a link from an alert to a run lands on
/// that run, not on the runs list.
/// </summary>
internal static class ReturnAddress
{
    /// <summary>The query and form field that carries the return address.</summary>
    public const string Field = "return";

    /// <summary>
    /// The sign-in page for someone who asked for <paramref name="path"/>: the plain sign-in page when
    /// that is the console's home, else with the path (and query) to come back to.
    /// </summary>
    public static string SignInFor(string prefix, string path, string query)
    {
        string home = prefix + "/";
        string asked = path + query;
        return asked == home || Local(asked, prefix) == home
            ? prefix + "/signin"
            : prefix + "/signin?" + Field + "=" + Uri.EscapeDataString(asked);
    }

    /// <summary>
    /// Where to land: the return address when it is a path of the console's own (no other origin, no
    /// scheme, no "//host"), else the runs page; an open redirect needs only one forged return address.
    /// </summary>
    public static string Local(string? returnUri, string prefix)
    {
        string home = prefix + "/";
        if (returnUri is null
            || !returnUri.StartsWith(home, StringComparison.Ordinal)
            || returnUri.StartsWith("//", StringComparison.Ordinal))
        {
            return home;
        }

        // A backslash too: browsers read "/\host" as "//host".
        foreach (char c in returnUri)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\')
            {
                return home;
            }
        }

        return returnUri;
    }
}
