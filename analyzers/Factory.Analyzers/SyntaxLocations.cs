using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Factory.Analyzers;

/// <summary>Where in the source a diagnostic about a station or line goes.</summary>
internal static class SyntaxLocations
{
    /// <summary>
    /// The identifier of the class declaration that carries <paramref name="attribute"/> (a partial
    /// class may have several declarations); the type's first location when the attribute has no syntax.
    /// </summary>
    public static Location ClassIdentifier(INamedTypeSymbol type, AttributeData attribute, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { Parent.Parent: TypeDeclarationSyntax declaration })
        {
            return declaration.Identifier.GetLocation();
        }

        return type.Locations.Length > 0 ? type.Locations[0] : Location.None;
    }

    /// <summary>The attribute as written, e.g. <c>Step&lt;Classify&gt;</c>.</summary>
    public static Location Attribute(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;

    /// <summary>The named argument <paramref name="name"/> of the attribute, e.g. <c>Parallelism = 0</c>; the attribute when it is not written as one.</summary>
    public static Location NamedArgument(AttributeData attribute, string name, CancellationToken cancellationToken)
    {
        SyntaxNode? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
        if (syntax is AttributeSyntax { ArgumentList: { } arguments })
        {
            foreach (AttributeArgumentSyntax argument in arguments.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return argument.GetLocation();
                }
            }
        }

        return syntax?.GetLocation() ?? Location.None;
    }
}
