using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace Factory.Generators.Emit;

/// <summary>C# literals in invariant culture.</summary>
internal static class Literals
{
    public static string String(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";
}
