using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Factory.Generators.Parse;

/// <summary>How types and members are named in generated code.</summary>
internal static class Names
{
    private static readonly SymbolDisplayFormat Qualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>"global::Ns.Type", with nullable annotations kept.</summary>
    public static string FullyQualified(ITypeSymbol type) => type.ToDisplayString(Qualified);

    /// <summary>"Ns.Type", for descriptors people read.</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString();

    public static string CamelCase(string name)
    {
        string camel = name.Length == 0 ? "step" : char.ToLowerInvariant(name[0]) + name.Substring(1);
        return SyntaxFacts.GetKeywordKind(camel) != SyntaxKind.None ? "@" + camel : camel;
    }

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
    public static bool IsVisibleOutside(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
            {
                return false;
            }
        }

        return true;
    }
}
