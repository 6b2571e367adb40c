using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>
/// Walks a generator model by reflection (fields, recursively, items of collections included) and
/// fails on anything that would pin a compilation in the incremental cache or break equality: a
/// symbol, a syntax node, a location, a semantic model or a compilation. Test-only: the generator
/// itself never reflects.
/// </summary>
internal sealed class ModelWalker
{
    private static readonly Type[] Forbidden =
    {
        typeof(ISymbol),
        typeof(SyntaxNode),
        typeof(SyntaxTree),
        typeof(SyntaxToken),
        typeof(SyntaxReference),
        typeof(Location),
        typeof(SemanticModel),
        typeof(Compilation),
        typeof(AttributeData),
    };

    private readonly HashSet<object> seen = new(ReferenceEqualityComparer.Instance);

    public void Walk(object? value, string path)
    {
        if (value is null)
        {
            return;
        }

        Type type = value.GetType();
        Type? forbidden = Forbidden.FirstOrDefault(f => f.IsAssignableFrom(type));
        Assert.True(forbidden is null, $"{path} holds a {type.FullName} ({forbidden?.Name}); models must hold plain values only.");

        if (type.IsPrimitive || type.IsEnum || value is string or decimal || (!type.IsValueType && !seen.Add(value)))
        {
            return;
        }

        Assert.False(value is Delegate, $"{path} holds a delegate ({type.FullName}).");

        // Every field, declared anywhere in the hierarchy: this sees record properties' backing fields
        // and the arrays inside EquatableArray and ImmutableArray.
        for (Type? current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
        {
            foreach (FieldInfo field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Assert.False(IsForbidden(field.FieldType), $"{path}.{field.Name} is declared as {field.FieldType}.");
                Walk(field.GetValue(value), $"{path}.{FieldName(field)}");
            }
        }

        if (value is Array array)
        {
            int index = 0;
            foreach (object? item in array)
            {
                Walk(item, $"{path}[{index++}]");
            }
        }
        else if (value is IEnumerable items && type.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
        {
            int index = 0;
            foreach (object? item in items)
            {
                Walk(item, $"{path}[{index++}]");
            }
        }
    }

    private static bool IsForbidden(Type declared)
    {
        Type element = declared.IsArray ? declared.GetElementType()! : declared;
        return Forbidden.Any(f => f.IsAssignableFrom(element))
            || (element.IsGenericType && element.GetGenericArguments().Any(IsForbidden));
    }

    private static string FieldName(FieldInfo field) =>
        field.Name.StartsWith('<') && field.Name.Contains(">k__BackingField", StringComparison.Ordinal)
            ? field.Name[1..field.Name.IndexOf('>', StringComparison.Ordinal)]
            : field.Name;
}
