using System.Collections.Immutable;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Parse;

/// <summary>Reads where a generated partial must go: namespace and containing types.</summary>
internal static class TypeDeclarationReader
{
    public static TypeDeclaration Read(INamedTypeSymbol type)
    {
        ImmutableArray<string>.Builder containers = ImmutableArray.CreateBuilder<string>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containers.Insert(0, $"partial {Keyword(outer)} {outer.Name}{TypeParameters(outer)}");
        }

        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : string.Empty;
        return new TypeDeclaration(
            ns,
            new EquatableArray<string>(containers.ToImmutable()),
            Keyword(type),
            type.Name,
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            type.ToDisplayString());
    }

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static string TypeParameters(INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters) + ">";
}
