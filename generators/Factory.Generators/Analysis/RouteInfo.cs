using Microsoft.CodeAnalysis;

namespace Factory.Generators.Analysis;

/// <summary>One <c>[Route&lt;TCase, TTarget&gt;]</c>, resolved. Holds symbols: not for generator models.</summary>
internal sealed class RouteInfo
{
    public RouteInfo(AttributeData attribute, ITypeSymbol caseType, ITypeSymbol target, StepKind kind, ITypeSymbol? input, ITypeSymbol? output)
    {
        Attribute = attribute;
        CaseType = caseType;
        Target = target;
        Kind = kind;
        Input = input;
        Output = output;
    }

    public AttributeData Attribute { get; }

    public ITypeSymbol CaseType { get; }

    public ITypeSymbol Target { get; }

    public StepKind Kind { get; }

    /// <summary>The target's input type, or null for a discard or a target whose types cannot be known.</summary>
    public ITypeSymbol? Input { get; }

    /// <summary>The target's output type, or null for a discard or a target whose types cannot be known.</summary>
    public ITypeSymbol? Output { get; }
}
