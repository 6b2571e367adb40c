using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Factory.Generators.Analysis;

/// <summary>
/// Reads a line's steps and routes in the order they are written and works out the types that flow.
/// A nested line's types are its first input and last output; a broken or cyclic line has unknown
/// types, so the mistake is reported once, where it is, and not again at every line that uses it.
/// </summary>
internal static class LineSteps
{
    public static ImmutableArray<LineStepInfo> Read(INamedTypeSymbol line, KnownSymbols known) =>
        ReadWiring(line, known).Steps;

    public static LineWiring ReadWiring(INamedTypeSymbol line, KnownSymbols known) =>
        ReadWiring(line, known, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    /// <summary>The input and output of a line, or nulls when they cannot be known.</summary>
    public static (ITypeSymbol? Input, ITypeSymbol? Output) Types(INamedTypeSymbol line, KnownSymbols known) =>
        Types(line, known, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    /// <summary>
    /// True when every step and route target is a station or a line with known types, each step takes
    /// what flows from the one before it (a <c>Gathered&lt;T&gt;</c> step takes <c>T</c> after a split),
    /// and every route's case fits both the routed type and its target.
    /// </summary>
    public static bool IsWellWired(ImmutableArray<LineStepInfo> steps, KnownSymbols known, Compilation compilation)
    {
        if (steps.Length == 0)
        {
            return false;
        }

        bool splitUpstream = false;
        for (int i = 0; i < steps.Length; i++)
        {
            LineStepInfo step = steps[i];
            if (step.Kind is StepKind.Other or StepKind.Discard || step.Input is null || step.Output is null)
            {
                return false;
            }

            ITypeSymbol? gathered = known.GatheredItem(step.Input);
            if (gathered is not null && !splitUpstream)
            {
                return false;
            }

            if (i > 0 && !Accepts(step.Input, steps[i - 1].FlowOutput, known))
            {
                return false;
            }

            if (i == 0 && gathered is not null)
            {
                return false;
            }

            foreach (RouteInfo route in step.Routes)
            {
                if (!IsValidRoute(route, step.Output, compilation))
                {
                    return false;
                }
            }

            if (step.FlowOutput is null)
            {
                return false;
            }

            splitUpstream |= step.Splits;
        }

        return true;
    }

    /// <summary>True when a step with input <paramref name="input"/> can follow one that gives <paramref name="flowing"/>.</summary>
    public static bool Accepts(ITypeSymbol input, ITypeSymbol? flowing, KnownSymbols known) =>
        flowing is not null && (SameType(input, flowing) || (known.GatheredItem(input) is { } item && SameType(item, flowing)));

    /// <summary>True when the route's case is the routed type or derives from it, and its target takes the case.</summary>
    public static bool IsValidRoute(RouteInfo route, ITypeSymbol routed, Compilation compilation)
    {
        if (route.Kind == StepKind.Other || !IsAssignable(route.CaseType, routed, compilation))
        {
            return false;
        }

        return route.Kind == StepKind.Discard
            || (route.Input is not null && route.Output is not null && IsAssignable(route.CaseType, route.Input, compilation));
    }

    /// <summary>
    /// True when a value of <paramref name="from"/> is always a <paramref name="to"/>: an identity, implicit
    /// reference or boxing conversion (a struct that implements a routed interface), which is what a
    /// run-time type test (<c>value is T</c>) and the runtime's <c>(T)(object)value</c> agree with.
    /// </summary>
    public static bool IsAssignable(ITypeSymbol from, ITypeSymbol to, Compilation compilation)
    {
        if (SameType(from, to))
        {
            return true;
        }

        Conversion conversion = compilation.ClassifyConversion(from, to);
        return conversion.IsIdentity || (conversion.IsImplicit && (conversion.IsReference || conversion.IsBoxing));
    }

    public static bool SameType(ITypeSymbol a, ITypeSymbol b) =>
        SymbolEqualityComparer.Default.Equals(a, b);

    /// <summary>The chain of lines that leads from <paramref name="line"/> back to itself, or empty when there is none.</summary>
    public static ImmutableArray<INamedTypeSymbol> FindCycle(INamedTypeSymbol line, KnownSymbols known)
    {
        var path = new List<INamedTypeSymbol> { line };
        return Walk(line, line, known, path, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default))
            ? path.ToImmutableArray()
            : ImmutableArray<INamedTypeSymbol>.Empty;
    }

    private static bool Walk(INamedTypeSymbol start, INamedTypeSymbol current, KnownSymbols known, List<INamedTypeSymbol> path, HashSet<ITypeSymbol> seen)
    {
        if (!seen.Add(current))
        {
            return false;
        }

        foreach (INamedTypeSymbol nested in NestedLines(current, known))
        {
            path.Add(nested);
            if (SameType(nested, start) || Walk(start, nested, known, path, seen))
            {
                return true;
            }

            path.RemoveAt(path.Count - 1);
        }

        return false;
    }

    private static IEnumerable<INamedTypeSymbol> NestedLines(INamedTypeSymbol line, KnownSymbols known)
    {
        foreach (AttributeData attribute in line.GetAttributes())
        {
            if (attribute.AttributeClass is not { IsGenericType: true } attributeClass)
            {
                continue;
            }

            ITypeSymbol? target = null;
            if (SymbolEqualityComparer.Default.Equals(attributeClass.OriginalDefinition, known.StepAttribute))
            {
                target = attributeClass.TypeArguments[0];
            }
            else if (SymbolEqualityComparer.Default.Equals(attributeClass.OriginalDefinition, known.RouteAttribute))
            {
                target = attributeClass.TypeArguments[1];
            }

            if (target is INamedTypeSymbol nested && known.IsLine(nested))
            {
                yield return nested;
            }
        }
    }

    private static LineWiring ReadWiring(INamedTypeSymbol line, KnownSymbols known, HashSet<ITypeSymbol> visiting)
    {
        ImmutableArray<LineStepInfo>.Builder steps = ImmutableArray.CreateBuilder<LineStepInfo>();
        ImmutableArray<RouteInfo>.Builder dangling = ImmutableArray.CreateBuilder<RouteInfo>();
        if (known.StepAttribute is null)
        {
            return new LineWiring(steps.ToImmutable(), dangling.ToImmutable());
        }

        visiting.Add(line);
        ImmutableArray<RouteInfo>.Builder? routes = null;
        foreach (AttributeData attribute in line.GetAttributes())
        {
            if (attribute.AttributeClass is not { IsGenericType: true } attributeClass)
            {
                continue;
            }

            INamedTypeSymbol definition = attributeClass.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(definition, known.StepAttribute) && attributeClass.TypeArguments.Length == 1)
            {
                Close(steps, routes);
                steps.Add(Resolve(attribute, attributeClass.TypeArguments[0], known, visiting));
                routes = ImmutableArray.CreateBuilder<RouteInfo>();
            }
            else if (SymbolEqualityComparer.Default.Equals(definition, known.RouteAttribute) && attributeClass.TypeArguments.Length == 2)
            {
                RouteInfo route = ResolveRoute(attribute, attributeClass.TypeArguments[0], attributeClass.TypeArguments[1], known, visiting);
                (routes ?? dangling).Add(route);
            }
        }

        Close(steps, routes);
        visiting.Remove(line);
        return new LineWiring(steps.ToImmutable(), dangling.ToImmutable());
    }

    private static void Close(ImmutableArray<LineStepInfo>.Builder steps, ImmutableArray<RouteInfo>.Builder? routes)
    {
        if (steps.Count > 0 && routes is not null)
        {
            steps[steps.Count - 1].Routes = routes.ToImmutable();
        }
    }

    private static LineStepInfo Resolve(AttributeData attribute, ITypeSymbol type, KnownSymbols known, HashSet<ITypeSymbol> visiting)
    {
        (StepKind kind, ITypeSymbol? input, ITypeSymbol? output, bool splits) = Target(type, known, visiting);
        return new LineStepInfo(attribute, type, kind == StepKind.Discard ? StepKind.Other : kind, input, output, splits);
    }

    private static RouteInfo ResolveRoute(AttributeData attribute, ITypeSymbol caseType, ITypeSymbol target, KnownSymbols known, HashSet<ITypeSymbol> visiting)
    {
        (StepKind kind, ITypeSymbol? input, ITypeSymbol? output, _) = Target(target, known, visiting);
        return new RouteInfo(attribute, caseType, target, kind, input, output);
    }

    private static (StepKind Kind, ITypeSymbol? Input, ITypeSymbol? Output, bool Splits) Target(ITypeSymbol type, KnownSymbols known, HashSet<ITypeSymbol> visiting)
    {
        if (SymbolEqualityComparer.Default.Equals(type, known.Discard))
        {
            return (StepKind.Discard, null, null, false);
        }

        if (type is INamedTypeSymbol gate && GateInfo.Read(gate, known) is { } info)
        {
            return (StepKind.Station, info.Payload, known.DecisionOf(info.Payload), false);
        }

        if (type is INamedTypeSymbol named && known.IsStation(named))
        {
            WorkMethod work = WorkMethod.Read(named, known);
            bool splits = work.IsValid && work.Shape is WorkShape.Enumerable or WorkShape.AsyncEnumerable;
            return (StepKind.Station, work.Input, work.Output, splits);
        }

        if (type is INamedTypeSymbol nested && known.IsLine(nested))
        {
            (ITypeSymbol? input, ITypeSymbol? output) = Types(nested, known, visiting);
            return (StepKind.Line, input, output, ContainsSplit(nested, known, visiting));
        }

        return (StepKind.Other, null, null, false);
    }

    private static bool ContainsSplit(INamedTypeSymbol line, KnownSymbols known, HashSet<ITypeSymbol> visiting)
    {
        if (visiting.Contains(line))
        {
            return false;
        }

        foreach (LineStepInfo step in ReadWiring(line, known, visiting).Steps)
        {
            if (step.Splits)
            {
                return true;
            }
        }

        return false;
    }

    private static (ITypeSymbol? Input, ITypeSymbol? Output) Types(INamedTypeSymbol line, KnownSymbols known, HashSet<ITypeSymbol> visiting)
    {
        if (visiting.Contains(line))
        {
            return (null, null);
        }

        LineWiring wiring = ReadWiring(line, known, visiting);
        ImmutableArray<LineStepInfo> steps = wiring.Steps;
        if (!wiring.DanglingRoutes.IsEmpty || !IsWellWiredShallow(steps, known))
        {
            return (null, null);
        }

        return (steps[0].Input, steps[steps.Length - 1].FlowOutput);
    }

    /// <summary>Type flow only (no compilation for conversions): enough to give a nested line its types.</summary>
    private static bool IsWellWiredShallow(ImmutableArray<LineStepInfo> steps, KnownSymbols known)
    {
        if (steps.Length == 0)
        {
            return false;
        }

        for (int i = 0; i < steps.Length; i++)
        {
            LineStepInfo step = steps[i];
            if (step.Kind is StepKind.Other or StepKind.Discard || step.Input is null || step.FlowOutput is null)
            {
                return false;
            }

            if (i > 0 && !Accepts(step.Input, steps[i - 1].FlowOutput, known))
            {
                return false;
            }
        }

        return true;
    }
}
