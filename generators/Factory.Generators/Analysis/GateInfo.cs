using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Analysis;

/// <summary>
/// A <c>[Gate&lt;T&gt;]</c> class, read from its symbol: the payload type, the options and the optional
/// <c>Present(T)</c>. Shared by the generator and the analyzers. Holds symbols: not for generator models.
/// </summary>
internal sealed class GateInfo
{
    public const string PresentName = "Present";

    private GateInfo(AttributeData attribute, ITypeSymbol payload)
    {
        Attribute = attribute;
        Payload = payload;
    }

    public AttributeData Attribute { get; }

    /// <summary>The <c>T</c> of <c>[Gate&lt;T&gt;]</c>: what the gate takes; it gives <c>Decision&lt;T&gt;</c>.</summary>
    public ITypeSymbol Payload { get; }

    public string? Name { get; private set; }

    public string Version { get; private set; } = StationDefaults.Version;

    /// <summary>The permissions of <c>Approvers</c>, split at commas; empty when none is written (FCT0024).</summary>
    public ImmutableArray<string> Approvers { get; private set; } = ImmutableArray<string>.Empty;

    public int TimeoutMinutes { get; private set; }

    public GateTimeout OnTimeout { get; private set; } = GateTimeout.Reject;

    public bool FourEyes { get; private set; }

    /// <summary>The gate's <c>Present(T)</c>, when it declares one of that shape.</summary>
    public IMethodSymbol? Present { get; private set; }

    /// <summary>True when the generator emits the gate: approvers given (FCT0027) and a known payload type.</summary>
    public bool IsValid => !Approvers.IsEmpty && Payload.TypeKind != TypeKind.Error;

    /// <summary>True when the gate has a timeout; one of 0 or less means none (FCT0028).</summary>
    public bool HasTimeout => TimeoutMinutes > 0;

    /// <summary>The gate of <paramref name="type"/>, or null when it has no <c>[Gate&lt;T&gt;]</c>.</summary>
    public static GateInfo? Read(INamedTypeSymbol type, KnownSymbols known)
    {
        AttributeData? attribute = known.GateAttributeOf(type);
        if (attribute?.AttributeClass is not { TypeArguments.Length: 1 } attributeClass)
        {
            return null;
        }

        var gate = new GateInfo(attribute, attributeClass.TypeArguments[0]);
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            gate.Apply(argument.Key, argument.Value);
        }

        gate.Present = FindPresent(type, gate.Payload);
        return gate;
    }

    private void Apply(string option, TypedConstant value)
    {
        switch (option)
        {
            case nameof(GateAttribute.Name):
                Name = (value.Value as string)?.Trim();
                break;
            case nameof(GateAttribute.Version):
                Version = value.Value as string ?? string.Empty;
                break;
            case nameof(GateAttribute.Approvers):
                Approvers = PermissionList.Split(value.Value as string);
                break;
            case nameof(GateAttribute.TimeoutMinutes):
                TimeoutMinutes = value.Value is int minutes ? minutes : 0;
                break;
            case nameof(GateAttribute.OnTimeout):
                OnTimeout = value.Value is int timeout ? (GateTimeout)timeout : GateTimeout.Reject;
                break;
            case nameof(GateAttribute.FourEyes):
                FourEyes = value.Value is true;
                break;
        }
    }

    /// <summary>A public instance <c>Present(T)</c> that returns something: what the approver sees.</summary>
    private static IMethodSymbol? FindPresent(INamedTypeSymbol type, ITypeSymbol payload)
    {
        foreach (ISymbol member in type.GetMembers(PresentName))
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, IsGenericMethod: false, DeclaredAccessibility: Accessibility.Public, ReturnsVoid: false, Parameters.Length: 1 } method
                && method.Parameters[0].RefKind == RefKind.None
                && LineSteps.SameType(method.Parameters[0].Type, payload)
                && !method.ReturnType.IsRefLikeType)
            {
                return method;
            }
        }

        return null;
    }
}
