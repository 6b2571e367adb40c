using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Factory.Generators.Analysis;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Factory.Generators.Parse;

/// <summary>
/// Turns the data annotations on a thinking unit's output type ([Required], [Range], [StringLength],
/// [RegularExpression], [AllowedValues]) into checks the generated code runs: plain comparisons, no
/// reflection. Annotations on members whose type they cannot apply to are left out.
/// </summary>
internal static class AnnotationReader
{
    private const string Namespace = "System.ComponentModel.DataAnnotations.";

    public static EquatableArray<AnnotationCheck> Read(ITypeSymbol output)
    {
        var checks = new List<AnnotationCheck>();
        int local = 0;
        foreach (ISymbol member in ThinkingUnitInfo.ReadableMembers(output))
        {
            ITypeSymbol type = ThinkingUnitInfo.MemberType(member);
            string access = "output." + Identifier(member.Name);
            foreach (AttributeData attribute in member.GetAttributes())
            {
                string? name = attribute.AttributeClass?.ToDisplayString();
                if (name is null || !name.StartsWith(Namespace, System.StringComparison.Ordinal))
                {
                    continue;
                }

                string variable = "value" + (local++).ToString(CultureInfo.InvariantCulture);
                AnnotationCheck? check = name.Substring(Namespace.Length) switch
                {
                    "RequiredAttribute" => Required(attribute, member.Name, type, access),
                    "RangeAttribute" => Range(attribute, member.Name, type, access, variable),
                    "StringLengthAttribute" => StringLength(attribute, member.Name, type, access, variable),
                    "RegularExpressionAttribute" => Pattern(attribute, member.Name, type, access, variable),
                    "AllowedValuesAttribute" => Allowed(attribute, member.Name, type, access),
                    _ => null,
                };
                if (check is not null)
                {
                    checks.Add(check);
                }
            }
        }

        return checks.ToEquatableArray();
    }

    private static AnnotationCheck? Required(AttributeData attribute, string name, ITypeSymbol type, string access)
    {
        bool allowEmpty = Named(attribute, "AllowEmptyStrings") is true;
        if (type.SpecialType == SpecialType.System_String)
        {
            return new AnnotationCheck(
                allowEmpty ? $"{access} is null" : $"string.IsNullOrWhiteSpace({access})",
                Message(attribute, name, allowEmpty ? $"{name} is required" : $"{name} is required and must not be empty"),
                null);
        }

        return type.IsReferenceType || IsNullableValue(type)
            ? new AnnotationCheck($"{access} is null", Message(attribute, name, $"{name} is required"), null)
            : null;
    }

    private static AnnotationCheck? Range(AttributeData attribute, string name, ITypeSymbol type, string access, string variable)
    {
        ITypeSymbol value = ThinkingUnitInfo.Unwrap(type);
        if (!IsNumber(value) || attribute.ConstructorArguments.Length != 2
            || attribute.ConstructorArguments[0].Value is not (int or double)
            || attribute.ConstructorArguments[1].Value is not (int or double))
        {
            return null;
        }

        string min = Number(attribute.ConstructorArguments[0]);
        string max = Number(attribute.ConstructorArguments[1]);
        bool minExclusive = Named(attribute, "MinimumIsExclusive") is true;
        bool maxExclusive = Named(attribute, "MaximumIsExclusive") is true;
        string subject = IsNullableValue(type) ? variable : access;
        if (value.SpecialType == SpecialType.System_Decimal && attribute.ConstructorArguments[0].Value is double)
        {
            // decimal and double do not compare; the double range is what the attribute says.
            subject = "(double)" + subject;
        }

        string outside = $"{subject} {(minExclusive ? "<=" : "<")} {min} || {subject} {(maxExclusive ? ">=" : ">")} {max}";
        string condition = IsNullableValue(type) ? $"{access} is {{ }} {variable} && ({outside})" : outside;
        string shown = $"{Shown(attribute.ConstructorArguments[0])} and {Shown(attribute.ConstructorArguments[1])}";
        string bounds = (minExclusive || maxExclusive) ? $"between {shown} ({(minExclusive ? "above the first" : "from the first")}, {(maxExclusive ? "below the second" : "up to the second")})" : $"between {shown}";
        return new AnnotationCheck(condition, Message(attribute, name, $"{name} must be {bounds}", Shown(attribute.ConstructorArguments[0]), Shown(attribute.ConstructorArguments[1])), null);
    }

    private static AnnotationCheck? StringLength(AttributeData attribute, string name, ITypeSymbol type, string access, string variable)
    {
        if (type.SpecialType != SpecialType.System_String || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int max)
        {
            return null;
        }

        int min = Named(attribute, "MinimumLength") is int minimum ? minimum : 0;
        string maxText = max.ToString(CultureInfo.InvariantCulture);
        string minText = min.ToString(CultureInfo.InvariantCulture);
        string condition = min > 0
            ? $"{access} is {{ }} {variable} && ({variable}.Length > {maxText} || {variable}.Length < {minText})"
            : $"{access} is {{ }} {variable} && {variable}.Length > {maxText}";
        string words = min > 0 ? $"{name} must be {minText} to {maxText} characters long" : $"{name} must be at most {maxText} characters long";
        return new AnnotationCheck(condition, Message(attribute, name, words, maxText, minText), null);
    }

    private static AnnotationCheck? Pattern(AttributeData attribute, string name, ITypeSymbol type, string access, string variable)
    {
        if (type.SpecialType != SpecialType.System_String || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string pattern)
        {
            return null;
        }

        return new AnnotationCheck(
            $"{access} is {{ }} {variable} && !global::Factory.AI.PromptText.IsFullMatch({variable}, {{pattern}})",
            Message(attribute, name, $"{name} must match the pattern {pattern}", pattern),
            pattern);
    }

    private static AnnotationCheck? Allowed(AttributeData attribute, string name, ITypeSymbol type, string access)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind != TypedConstantKind.Array)
        {
            return null;
        }

        ITypeSymbol value = ThinkingUnitInfo.Unwrap(type);
        var literals = new List<string>();
        var shown = new List<string>();
        foreach (TypedConstant item in attribute.ConstructorArguments[0].Values)
        {
            if (item.IsNull)
            {
                if (!(type.IsReferenceType || IsNullableValue(type)))
                {
                    return null;
                }

                literals.Add("null");
                shown.Add("null");
                continue;
            }

            if (item.Type is null || !SymbolEqualityComparer.Default.Equals(item.Type, value))
            {
                // A value of another type can never be equal: leave the check to the model's schema.
                return null;
            }

            literals.Add(item.Type.TypeKind == TypeKind.Enum
                ? $"({Names.FullyQualified(item.Type)}){SymbolDisplay.FormatPrimitive(item.Value!, quoteStrings: true, useHexadecimalNumbers: false)}"
                : item.ToCSharpString());
            shown.Add(item.Value is string text ? text : item.ToCSharpString());
        }

        if (literals.Count == 0)
        {
            return null;
        }

        string condition = "!(" + string.Join(" || ", literals.Select(literal => $"{access} == {literal}")) + ")";
        return new AnnotationCheck(condition, Message(attribute, name, $"{name} must be one of: {string.Join(", ", shown)}"), null);
    }

    /// <summary>The attribute's ErrorMessage with {0} the member name (and {1}, {2} its arguments), else <paramref name="fallback"/>.</summary>
    private static string Message(AttributeData attribute, string name, string fallback, params string[] arguments)
    {
        if (Named(attribute, "ErrorMessage") is not string format || format.Trim().Length == 0)
        {
            return fallback;
        }

        try
        {
            return string.Format(CultureInfo.InvariantCulture, format, new object[] { name }.Concat(arguments).ToArray());
        }
        catch (System.FormatException)
        {
            return format;
        }
    }

    private static object? Named(AttributeData attribute, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                return argument.Value.Value;
            }
        }

        return null;
    }

    private static string Number(TypedConstant constant)
    {
        if (constant.Value is int whole)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        double value = (double)constant.Value!;
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return double.IsNaN(value) ? "double.NaN" : value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        string literal = value.ToString("R", CultureInfo.InvariantCulture);
        return literal.IndexOfAny(new[] { '.', 'E' }) < 0 ? literal + ".0" : literal;
    }

    private static string Shown(TypedConstant constant) => constant.Value switch
    {
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("G", CultureInfo.InvariantCulture),
        _ => constant.ToCSharpString(),
    };

    private static bool IsNullableValue(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };

    private static bool IsNumber(ITypeSymbol type) => type.SpecialType is
        SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
        or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
        or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal;

    private static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
