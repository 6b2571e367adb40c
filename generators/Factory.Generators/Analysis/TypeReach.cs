using Microsoft.CodeAnalysis;

namespace Factory.Generators.Analysis;

/// <summary>Whether generated code elsewhere in the assembly can name a type.</summary>
internal static class TypeReach
{
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
