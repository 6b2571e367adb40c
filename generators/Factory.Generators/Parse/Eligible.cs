using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Factory.Generators.Parse;

/// <summary>Whether the generator can add to a type at all: partial (with partial containers) and not generic.</summary>
internal static class Eligible
{
    public static bool IsPartialAndSupported(INamedTypeSymbol type, SyntaxNode node)
    {
        if (type.IsGenericType || node is not TypeDeclarationSyntax declaration || !IsPartial(declaration))
        {
            return false;
        }

        for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax outer; parent = outer.Parent)
        {
            if (!IsPartial(outer))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPartial(TypeDeclarationSyntax declaration) => declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
}
