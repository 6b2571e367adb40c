using System.Linq;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Parse;

/// <summary>Picks the constructor a DI factory calls: the accessible one with the most parameters.</summary>
internal static class ConstructorReader
{
    public static ConstructorModel? Read(INamedTypeSymbol type)
    {
        if (type.IsAbstract || !Names.IsVisibleOutside(type) && type.DeclaredAccessibility != Accessibility.Internal)
        {
            return null;
        }

        IMethodSymbol? constructor = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
            .Where(c => c.Parameters.All(p => p.RefKind == RefKind.None))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        return constructor is null
            ? null
            : new ConstructorModel(constructor.Parameters.Select(p => Names.Type(p.Type)).ToEquatableArray());
    }
}
