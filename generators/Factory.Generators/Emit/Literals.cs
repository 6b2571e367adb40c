using System.Globalization;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Factory.Generators.Emit;

/// <summary>C# literals in invariant culture.</summary>
internal static class Literals
{
    public static string String(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A double as a float literal that round-trips, e.g. <c>0.7f</c>.</summary>
    public static string Float(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary>A double literal that reads as one (<c>10.0</c>, not <c>10</c>); NaN and the infinities by name.</summary>
    public static string Double(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return double.IsNaN(value) ? "double.NaN" : value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        string literal = value.ToString("R", CultureInfo.InvariantCulture);
        return literal.IndexOfAny(new[] { '.', 'E' }) < 0 ? literal + ".0" : literal;
    }

    /// <summary>A constant: null, a number, text, a character or a Boolean; an enum member as its number cast to the enum.</summary>
    public static string Constant(object? value, TypeRef? enumType)
    {
        if (value is null)
        {
            return "null";
        }

        string primitive = SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false);
        return enumType is null ? primitive : $"({enumType}){primitive}";
    }
}
