using System.Collections.Generic;
using System.Linq;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Parse;

/// <summary>
/// Works out what a dead letter keeps of a value whose type has <c>[Sensitive]</c> members: a copy of a
/// record that blanks them, or nothing for a type that cannot be copied so.
/// </summary>
internal static class SensitiveReader
{
    private const string SensitiveAttribute = "Factory.SensitiveAttribute";

    public static Redaction Read(ITypeSymbol type)
    {
        List<(string Name, ITypeSymbol Type)> sensitive = Members(type).ToList();
        if (sensitive.Count == 0)
        {
            return Redaction.None;
        }

        if (!type.IsRecord || sensitive.Any(member => !IsWritableInWith(type, member.Name)))
        {
            return new Redaction(RedactionKind.Nothing, EquatableArray<BlankedMember>.Empty, CanBeNull: false);
        }

        return new Redaction(
            RedactionKind.Copy,
            sensitive.Select(member => new BlankedMember(member.Name, member.Type.SpecialType == SpecialType.System_String)).ToEquatableArray(),
            type.IsReferenceType);
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
