using Microsoft.CodeAnalysis.CSharp;

namespace Factory.Generators.Emit;

/// <summary>Names from user code, written as C# identifiers.</summary>
internal static class Identifiers
{
    /// <summary>The name as an identifier: a keyword gets its "@".</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>A dotted name (a namespace), each part escaped.</summary>
    public static string EscapeDotted(string name) => string.Join(".", System.Array.ConvertAll(name.Split('.'), Escape));

    /// <summary>The name with its first letter in upper case, for names built from it (never a keyword).</summary>
    public static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name.Substring(1);
}
