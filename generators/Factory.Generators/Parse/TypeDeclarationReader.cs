using System.Collections.Immutable;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Parse;

/// <summary>Reads where a generated partial must go: namespace and containing types.</summary>
internal static class TypeDeclarationReader
{
    /// <summary>
    /// The declaration of <paramref name="type"/>. A type the generator adds to is not generic, nor is any
    /// type containing it (<see cref="Eligible"/>), so the containers have no type parameters.
    /// </summary>
    public static TypeDeclaration Read(INamedTypeSymbol type)
    {
        ImmutableArray<ContainingType>.Builder containers = ImmutableArray.CreateBuilder<ContainingType>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containers.Insert(0, new ContainingType(Kind(outer), outer.Name));
        }

        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : string.Empty;
        return new TypeDeclaration(
            ns,
            new EquatableArray<ContainingType>(containers.ToImmutable()),
            Kind(type),
            type.Name,
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            type.ToDisplayString());
    }

    private static DeclarationKind Kind(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => DeclarationKind.RecordStruct,
        { IsRecord: true } => DeclarationKind.Record,
        { TypeKind: TypeKind.Struct } => DeclarationKind.Struct,
        { TypeKind: TypeKind.Interface } => DeclarationKind.Interface,
        _ => DeclarationKind.Class,
    };
}
