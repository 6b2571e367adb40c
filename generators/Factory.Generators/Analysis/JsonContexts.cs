using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Analysis;

/// <summary>The compilation's <c>JsonSerializerContext</c>s and the types each lists with <c>[JsonSerializable]</c>.</summary>
internal static class JsonContexts
{
    /// <summary>Every source-declared <c>JsonSerializerContext</c> subclass, ordered by name.</summary>
    public static ImmutableArray<INamedTypeSymbol> All(Compilation compilation, KnownSymbols known)
    {
        ImmutableArray<INamedTypeSymbol>.Builder found = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        if (known.JsonSerializerContext is null)
        {
            return found.ToImmutable();
        }

        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            foreach (ISymbol member in pending.Pop().GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    pending.Push(ns);
                }
                else if (member is INamedTypeSymbol type)
                {
                    pending.Push(type);
                    if (DerivesFrom(type, known.JsonSerializerContext))
                    {
                        found.Add(type);
                    }
                }
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.ToDisplayString(), b.ToDisplayString()));
        return found.ToImmutable();
    }

    /// <summary>The first context that lists <paramref name="type"/>, or null.</summary>
    public static INamedTypeSymbol? For(ITypeSymbol type, ImmutableArray<INamedTypeSymbol> contexts, KnownSymbols known)
    {
        foreach (INamedTypeSymbol context in contexts)
        {
            foreach (AttributeData attribute in context.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, known.JsonSerializableAttribute)
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is ITypeSymbol listed
                    && SymbolEqualityComparer.Default.Equals(listed.WithNullableAnnotation(NullableAnnotation.None), type.WithNullableAnnotation(NullableAnnotation.None)))
                {
                    return context;
                }
            }
        }

        return null;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
