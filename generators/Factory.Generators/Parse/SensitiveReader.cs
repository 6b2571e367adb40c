using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Parse;

/// <summary>
/// Works out how a dead letter keeps a station's input when the input type has <c>[Sensitive]</c>
/// members: a <c>with</c> copy of a record that blanks them, or nothing for a type that cannot be copied.
/// </summary>
internal static class SensitiveReader
{
    private const string SensitiveAttribute = "Factory.SensitiveAttribute";

    /// <summary>Empty when nothing is sensitive; else the expression (over "input") the dead letter keeps.</summary>
    public static string Redaction(ITypeSymbol input)
    {
        List<(string Name, ITypeSymbol Type)> sensitive = Members(input).ToList();
        if (sensitive.Count == 0)
        {
            return string.Empty;
        }

        if (!input.IsRecord || sensitive.Any(member => !IsWritableInWith(input, member.Name)))
        {
            return "null";
        }

        IEnumerable<string> blanked = sensitive.Select(member =>
            member.Type.SpecialType == SpecialType.System_String ? $"{member.Name} = \"***\"" : $"{member.Name} = default!");
        string copy = "input with { " + string.Join(", ", blanked) + " }";

        // A null record (a step that gave nothing to route, a null input) is kept as it is: 'with' on it would throw.
        return input.IsReferenceType ? "input is null ? null : " + copy : copy;
    }

    private static IEnumerable<(string Name, ITypeSymbol Type)> Members(ITypeSymbol type)
    {
        for (ITypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                ITypeSymbol? memberType = member switch
                {
                    IPropertySymbol property when !property.IsStatic => property.Type,
                    IFieldSymbol field when !field.IsStatic && !field.IsImplicitlyDeclared => field.Type,
                    _ => null,
                };
                if (memberType is not null && member.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == SensitiveAttribute))
                {
                    yield return (member.Name, memberType);
                }
            }
        }
    }

    private static bool IsWritableInWith(ITypeSymbol type, string name)
    {
        ISymbol? member = type.GetMembers(name).FirstOrDefault() ?? type.BaseType?.GetMembers(name).FirstOrDefault();
        return member switch
        {
            IPropertySymbol property => property.SetMethod is not null,
            IFieldSymbol field => !field.IsReadOnly,
            _ => false,
        };
    }
}
