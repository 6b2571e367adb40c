using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Parse;

/// <summary>
/// The content hash of a station's own source: every token of its declarations (attributes, header,
/// members), without trivia, so a comment, a blank line or indentation changes nothing and any change to
/// what the compiler reads does. It is stamped beside the declared version, so a station whose code
/// changed can never report the version it had before.
/// </summary>
internal static class StationCode
{
    /// <summary>Hex characters kept of the SHA-256: 64 bits, enough to tell a station's versions apart.</summary>
    public const int Length = 16;

    /// <summary>The hash of <paramref name="type"/>'s declarations, in file and position order (partial classes).</summary>
    public static string Hash(INamedTypeSymbol type)
    {
        var text = new StringBuilder();
        foreach (SyntaxReference part in type.DeclaringSyntaxReferences
            .OrderBy(reference => reference.SyntaxTree.FilePath, StringComparer.Ordinal)
            .ThenBy(reference => reference.Span.Start))
        {
            foreach (SyntaxToken token in part.GetSyntax().DescendantTokens())
            {
                // One separator between tokens, so `a b` and `ab` differ while whitespace does not matter;
                // a multi-line literal reads the same from a CRLF checkout.
                text.Append(token.Text.Replace("\r\n", "\n")).Append('\n');
            }
        }

        using var sha = SHA256.Create();
        byte[] digest = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
        var hex = new StringBuilder(Length);
        for (int i = 0; i < Length / 2; i++)
        {
            hex.Append(digest[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }
}
