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
        foreach (ISymbol member in ThinkingUnitInfo.ReadableMembers(output))
        {
            ITypeSymbol type = ThinkingUnitInfo.MemberType(member);
            foreach (AttributeData attribute in member.GetAttributes())
            {
                string? name = attribute.AttributeClass?.ToDisplayString();
                if (name is null || !name.StartsWith(Namespace, System.StringComparison.Ordinal))
                {
                    continue;
                }

                AnnotationCheck? check = name.Substring(Namespace.Length) switch
                {
                    "RequiredAttribute" => Required(attribute, member.Name, type),
                    "RangeAttribute" => Range(attribute, member.Name, type),
                    "StringLengthAttribute" => StringLength(attribute, member.Name, type),
                    "RegularExpressionAttribute" => Pattern(attribute, member.Name, type),
                    "AllowedValuesAttribute" => Allowed(attribute, member.Name, type),
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

    private static AnnotationCheck? Required(AttributeData attribute, string name, ITypeSymbol type)
    {
        bool allowEmpty = Named(attribute, "AllowEmptyStrings") is true;
        if (type.SpecialType == SpecialType.System_String)
        {
            return new RequiredCheck(
                name,
                Message(attribute, name, allowEmpty ? $"{name} is required" : $"{name} is required and must not be empty"),
                NotBlank: !allowEmpty);
        }

        return type.IsReferenceType || IsNullableValue(type)
            ? new RequiredCheck(name, Message(attribute, name, $"{name} is required"), NotBlank: false)
            : null;
    }

    private static AnnotationCheck? Range(AttributeData attribute, string name, ITypeSymbol type)
    {
        ITypeSymbol value = ThinkingUnitInfo.Unwrap(type);
        if (!IsNumber(value) || attribute.ConstructorArguments.Length != 2
            || attribute.ConstructorArguments[0].Value is not (int or double)
            || attribute.ConstructorArguments[1].Value is not (int or double))
        {
            return null;
        }

        TypedConstant minimum = attribute.ConstructorArguments[0];
        TypedConstant maximum = attribute.ConstructorArguments[1];
        bool minExclusive = Named(attribute, "MinimumIsExclusive") is true;
        bool maxExclusive = Named(attribute, "MaximumIsExclusive") is true;
        string shown = $"{Shown(minimum)} and {Shown(maximum)}";
        string bounds = (minExclusive || maxExclusive) ? $"between {shown} ({(minExclusive ? "above the first" : "from the first")}, {(maxExclusive ? "below the second" : "up to the second")})" : $"between {shown}";
        return new RangeCheck(
            name,
            Message(attribute, name, $"{name} must be {bounds}", Shown(minimum), Shown(maximum)),
            Number(minimum),
            Number(maximum),
            IsInteger: minimum.Value is int && maximum.Value is int,
            minExclusive,
            maxExclusive,
            IsNullableValue(type),
            IsDecimal: value.SpecialType == SpecialType.System_Decimal);
    }

    private static AnnotationCheck? StringLength(AttributeData attribute, string name, ITypeSymbol type)
    {
        if (type.SpecialType != SpecialType.System_String || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int max)
        {
            return null;
        }

        int min = Named(attribute, "MinimumLength") is int minimum ? minimum : 0;
        string maxText = max.ToString(CultureInfo.InvariantCulture);
        string minText = min.ToString(CultureInfo.InvariantCulture);
        string words = min > 0 ? $"{name} must be {minText} to {maxText} characters long" : $"{name} must be at most {maxText} characters long";
        return new LengthCheck(name, Message(attribute, name, words, maxText, minText), max, min);
    }

    private static AnnotationCheck? Pattern(AttributeData attribute, string name, ITypeSymbol type)
    {
        if (type.SpecialType != SpecialType.System_String || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string pattern)
        {
            return null;
        }

        return new PatternCheck(name, Message(attribute, name, $"{name} must match the pattern {pattern}", pattern), pattern);
    }

    private static AnnotationCheck? Allowed(AttributeData attribute, string name, ITypeSymbol type)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind != TypedConstantKind.Array)
        {
            return null;
        }

        ITypeSymbol value = ThinkingUnitInfo.Unwrap(type);
        var values = new List<AllowedValue>();
        var shown = new List<string>();
        foreach (TypedConstant item in attribute.ConstructorArguments[0].Values)
        {
            if (item.IsNull)
            {
                if (!(type.IsReferenceType || IsNullableValue(type)))
                {
                    return null;
                }

                values.Add(new AllowedValue(null, null));
                shown.Add("null");
                continue;
            }

            if (item.Type is null || !SymbolEqualityComparer.Default.Equals(item.Type, value) || item.Kind is TypedConstantKind.Type or TypedConstantKind.Array)
            {
                // A value of another type can never be equal, and a type or an array is no constant to compare with: leave the check to the model's schema.
                return null;
            }

            values.Add(new AllowedValue(item.Value, item.Type.TypeKind == TypeKind.Enum ? Names.Type(item.Type) : null));
            shown.Add(item.Value is string text ? text : item.ToCSharpString());
        }

        if (values.Count == 0)
        {
            return null;
        }

        return new AllowedCheck(name, Message(attribute, name, $"{name} must be one of: {string.Join(", ", shown)}"), values.ToEquatableArray());
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

    private static double Number(TypedConstant constant) =>
        constant.Value is int whole ? whole : (double)constant.Value!;

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
}
