using Factory.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Parse;

/// <summary>How types and members are named in generated code.</summary>
internal static class Names
{
    private static readonly SymbolDisplayFormat Qualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>"global::Ns.Type", with nullable annotations kept.</summary>
    private static string FullyQualified(ITypeSymbol type) => type.ToDisplayString(Qualified);

    /// <summary>The type as generated code names it, and whether it is nullable itself.</summary>
    public static TypeRef Type(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return new TypeRef(FullyQualified(nullable.TypeArguments[0]), IsNullable: true);
        }

        return type.NullableAnnotation == NullableAnnotation.Annotated && !type.IsValueType
            ? new TypeRef(FullyQualified(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)), IsNullable: true)
            : new TypeRef(FullyQualified(type), IsNullable: false);
    }

    /// <summary>"Ns.Type", for descriptors people read.</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString();

    /// <summary>The name with its first letter in lower case (a keyword is escaped where it is written).</summary>
    public static string CamelCase(string name) =>
        name.Length == 0 ? "step" : char.ToLowerInvariant(name[0]) + name.Substring(1);

    /// <summary>True when the type and every type containing it are public.</summary>
    public static bool IsPublic(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the type and every type containing it are public or internal (not private, not protected).</summary>
    public static bool IsVisibleOutside(INamedTypeSymbol type) => Analysis.TypeReach.IsVisibleOutside(type);
}
