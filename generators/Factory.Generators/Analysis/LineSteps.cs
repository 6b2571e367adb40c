using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Analysis;

/// <summary>What a <c>[Step&lt;T&gt;]</c> names.</summary>
internal enum StepKind
{
    Station,
    Line,

    /// <summary>Neither a station nor a line (FCT0007).</summary>
    Other,
}

/// <summary>One <c>[Step&lt;T&gt;]</c> of a line, resolved. Holds symbols: not for generator models.</summary>
internal sealed class LineStepInfo
{
    public LineStepInfo(AttributeData attribute, ITypeSymbol type, StepKind kind, ITypeSymbol? input, ITypeSymbol? output)
    {
        Attribute = attribute;
        Type = type;
        Kind = kind;
        Input = input;
        Output = output;
    }

    public AttributeData Attribute { get; }

    public ITypeSymbol Type { get; }

    public StepKind Kind { get; }

    /// <summary>The step's input type, or null when it cannot be known (a broken station or line).</summary>
    public ITypeSymbol? Input { get; }

    /// <summary>The step's output type, or null when it cannot be known.</summary>
    public ITypeSymbol? Output { get; }
}

/// <summary>
/// Reads a line's steps in the order they are written and works out each step's types. A nested
/// line's types are its first input and last output; a broken or cyclic line has unknown types, so
/// the mistake is reported once, where it is, and not again at every line that uses it.
/// </summary>
internal static class LineSteps
{
    public static ImmutableArray<LineStepInfo> Read(INamedTypeSymbol line, KnownSymbols known) =>
        Read(line, known, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    /// <summary>The input and output of a line, or nulls when they cannot be known.</summary>
    public static (ITypeSymbol? Input, ITypeSymbol? Output) Types(INamedTypeSymbol line, KnownSymbols known) =>
        Types(line, known, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    /// <summary>True when every step is a station or a line and each input is the previous output.</summary>
    public static bool IsWellWired(ImmutableArray<LineStepInfo> steps)
    {
        if (steps.Length == 0)
        {
            return false;
        }

        for (int i = 0; i < steps.Length; i++)
        {
            if (steps[i].Kind == StepKind.Other || steps[i].Input is null || steps[i].Output is null)
            {
                return false;
            }

            if (i > 0 && !SameType(steps[i - 1].Output!, steps[i].Input!))
            {
                return false;
            }
        }

        return true;
    }

    public static bool SameType(ITypeSymbol a, ITypeSymbol b) =>
        SymbolEqualityComparer.Default.Equals(a, b);

    private static ImmutableArray<LineStepInfo> Read(INamedTypeSymbol line, KnownSymbols known, HashSet<ITypeSymbol> visiting)
    {
        ImmutableArray<LineStepInfo>.Builder steps = ImmutableArray.CreateBuilder<LineStepInfo>();
        if (known.StepAttribute is null)
        {
            return steps.ToImmutable();
        }

        visiting.Add(line);
        foreach (AttributeData attribute in line.GetAttributes())
        {
            if (attribute.AttributeClass is not { IsGenericType: true } attributeClass
                || !SymbolEqualityComparer.Default.Equals(attributeClass.OriginalDefinition, known.StepAttribute)
                || attributeClass.TypeArguments.Length != 1)
            {
                continue;
            }

            ITypeSymbol type = attributeClass.TypeArguments[0];
            steps.Add(Resolve(attribute, type, known, visiting));
        }

        visiting.Remove(line);
        return steps.ToImmutable();
    }

    private static LineStepInfo Resolve(AttributeData attribute, ITypeSymbol type, KnownSymbols known, HashSet<ITypeSymbol> visiting)
    {
        if (type is INamedTypeSymbol named && known.IsStation(named))
        {
            WorkMethod work = WorkMethod.Read(named, known);
            return new LineStepInfo(attribute, type, StepKind.Station, work.Input, work.Output);
        }

        if (type is INamedTypeSymbol nested && known.IsLine(nested))
        {
            (ITypeSymbol? input, ITypeSymbol? output) = Types(nested, known, visiting);
            return new LineStepInfo(attribute, type, StepKind.Line, input, output);
        }

        return new LineStepInfo(attribute, type, StepKind.Other, null, null);
    }

    private static (ITypeSymbol? Input, ITypeSymbol? Output) Types(INamedTypeSymbol line, KnownSymbols known, HashSet<ITypeSymbol> visiting)
    {
        if (visiting.Contains(line))
        {
            return (null, null);
        }

        ImmutableArray<LineStepInfo> steps = Read(line, known, visiting);
        if (!IsWellWired(steps))
        {
            return (null, null);
        }

        return (steps[0].Input, steps[steps.Length - 1].Output);
    }
}
