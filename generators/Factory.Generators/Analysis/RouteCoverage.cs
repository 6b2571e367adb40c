using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Analysis;

/// <summary>
/// Whether a step's routes cover every concrete type that can leave it (FCT0010). The candidates are
/// the concrete types declared in the compilation's own source: a type from another assembly cannot
/// be known here, so a material of one that no route takes becomes a dead letter at run time.
/// </summary>
internal static class RouteCoverage
{
    /// <summary>
    /// The non-abstract, non-static, non-generic classes and structs (records included) declared in the
    /// compilation's own source, in declaration order (by file, then position). Generic types are left
    /// out: a route cannot name an open generic type.
    /// </summary>
    public static ImmutableArray<INamedTypeSymbol> ConcreteTypes(Compilation compilation, CancellationToken cancellationToken)
    {
        var found = new List<INamedTypeSymbol>();
        var namespaces = new Stack<INamespaceSymbol>();
        namespaces.Push(compilation.Assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            INamespaceSymbol current = namespaces.Pop();
            foreach (INamespaceSymbol nested in current.GetNamespaceMembers())
            {
                namespaces.Push(nested);
            }

            foreach (INamedTypeSymbol type in current.GetTypeMembers())
            {
                AddConcrete(type, found);
            }
        }

        found.Sort(CompareByDeclaration);
        return found.ToImmutableArray();
    }

    /// <summary>
    /// The types among <paramref name="concreteTypes"/> that are a <paramref name="routed"/> and that no
    /// route's case takes (a type is taken by a case it is, or derives from, or implements). Ordered so
    /// that a type comes before its own base types, and otherwise in declaration order: routes added in
    /// this order are each reachable, since the first match wins.
    /// </summary>
    public static ImmutableArray<INamedTypeSymbol> Uncovered(
        ITypeSymbol routed,
        ImmutableArray<RouteInfo> routes,
        ImmutableArray<INamedTypeSymbol> concreteTypes,
        Compilation compilation)
    {
        var uncovered = new List<INamedTypeSymbol>();
        foreach (INamedTypeSymbol candidate in ClosedCases(routed, compilation).Concat(concreteTypes))
        {
            if (!LineSteps.IsAssignable(candidate, routed, compilation) || IsCovered(candidate, routes, compilation))
            {
                continue;
            }

            int index = uncovered.FindIndex(other => LineSteps.IsAssignable(candidate, other, compilation));
            uncovered.Insert(index < 0 ? uncovered.Count : index, candidate);
        }

        return uncovered.ToImmutableArray();
    }

    /// <summary>
    /// The cases of a closed generic family the routed type belongs to: a gate's <c>Decision&lt;T&gt;</c>
    /// is <c>Approved&lt;T&gt;</c> or <c>Rejected&lt;T&gt;</c> and nothing else (its constructor is closed
    /// to other assemblies). Generic types are not among the compilation's concrete types, so without
    /// these a route after a gate could leave a case out unseen.
    /// </summary>
    private static IEnumerable<INamedTypeSymbol> ClosedCases(ITypeSymbol routed, Compilation compilation)
    {
        if (routed is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            || named.OriginalDefinition.ToDisplayString() != "Factory.Decision<T>")
        {
            yield break;
        }

        foreach (string name in new[] { "Factory.Approved`1", "Factory.Rejected`1" })
        {
            if (compilation.GetTypeByMetadataName(name) is { } definition)
            {
                yield return definition.Construct(named.TypeArguments[0]);
            }
        }
    }

    private static bool IsCovered(INamedTypeSymbol candidate, ImmutableArray<RouteInfo> routes, Compilation compilation)
    {
        foreach (RouteInfo route in routes)
        {
            if (LineSteps.IsAssignable(candidate, route.CaseType, compilation))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddConcrete(INamedTypeSymbol type, List<INamedTypeSymbol> found)
    {
        if (type.IsGenericType)
        {
            // Its nested types are generic too (they have the containing type's parameters).
            return;
        }

        if (type.TypeKind is TypeKind.Class or TypeKind.Struct && !type.IsAbstract && !type.IsStatic && !type.IsImplicitlyDeclared)
        {
            found.Add(type);
        }

        foreach (INamedTypeSymbol nested in type.GetTypeMembers())
        {
            AddConcrete(nested, found);
        }
    }

    private static int CompareByDeclaration(INamedTypeSymbol a, INamedTypeSymbol b)
    {
        Location first = a.Locations.Length > 0 ? a.Locations[0] : Location.None;
        Location second = b.Locations.Length > 0 ? b.Locations[0] : Location.None;
        int byFile = string.CompareOrdinal(first.SourceTree?.FilePath, second.SourceTree?.FilePath);
        return byFile != 0 ? byFile : first.SourceSpan.Start.CompareTo(second.SourceSpan.Start);
    }
}
