using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Analysis;

/// <summary>One <c>[Step&lt;T&gt;]</c> of a line, resolved, with the routes written after it. Holds symbols: not for generator models.</summary>
internal sealed class LineStepInfo
{
    public LineStepInfo(AttributeData attribute, ITypeSymbol type, StepKind kind, ITypeSymbol? input, ITypeSymbol? output, bool splits)
    {
        Attribute = attribute;
        Type = type;
        Kind = kind;
        Input = input;
        Output = output;
        Splits = splits;
    }

    public AttributeData Attribute { get; }

    public ITypeSymbol Type { get; }

    public StepKind Kind { get; }

    /// <summary>The step's input type, or null when it cannot be known (a broken station or line).</summary>
    public ITypeSymbol? Input { get; }

    /// <summary>The step's output type, or null when it cannot be known.</summary>
    public ITypeSymbol? Output { get; }

    /// <summary>True when the step is (or contains) a one-in-many-out station.</summary>
    public bool Splits { get; }

    /// <summary>The routes written right after this step, in order.</summary>
    public ImmutableArray<RouteInfo> Routes { get; internal set; } = ImmutableArray<RouteInfo>.Empty;

    /// <summary>
    /// What flows on to the next step: the output, or after routes the one type every non-discard
    /// branch gives (the routed type when all discard); null when the branches disagree or are unknown.
    /// </summary>
    public ITypeSymbol? FlowOutput
    {
        get
        {
            if (Routes.IsEmpty)
            {
                return Output;
            }

            ITypeSymbol? merged = null;
            foreach (RouteInfo route in Routes)
            {
                if (route.Kind == StepKind.Discard)
                {
                    continue;
                }

                if (route.Output is null || (merged is not null && !LineSteps.SameType(merged, route.Output)))
                {
                    return null;
                }

                merged = route.Output;
            }

            return merged ?? Output;
        }
    }
}
