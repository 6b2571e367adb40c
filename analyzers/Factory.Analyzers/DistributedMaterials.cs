using System.Collections.Generic;
using System.Collections.Immutable;
using Factory.Generators.Analysis;
using Microsoft.CodeAnalysis;

namespace Factory.Analyzers;

/// <summary>
/// The material types that cross the broker when a line runs distributed: each station's input and
/// output, in step order, nested lines' stations inline, each type once (with the first place it
/// travels). The same types the runtime's <c>LinePlan.Check</c> requires of the context. Route targets
/// and gates are left out: a distributed line with a route or a gate is refused at <c>Start</c>.
/// </summary>
internal sealed class DistributedMaterials
{
    private readonly KnownSymbols known;
    private readonly HashSet<ITypeSymbol> visiting = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, string> found = new(SymbolEqualityComparer.Default);
    private readonly List<CrossingMaterial> order = [];

    private DistributedMaterials(KnownSymbols known)
    {
        this.known = known;
    }

    /// <summary>Every type that travels between the stations of <paramref name="line"/>.</summary>
    public static IReadOnlyList<CrossingMaterial> Of(INamedTypeSymbol line, KnownSymbols known)
    {
        var materials = new DistributedMaterials(known);
        materials.Walk(line);
        return materials.order;
    }

    private void Walk(INamedTypeSymbol line)
    {
        if (!visiting.Add(line))
        {
            return; // a cycle: FCT0014 says so
        }

        foreach (LineStepInfo step in LineSteps.Read(line, known))
        {
            if (step.Kind == StepKind.Line && step.Type is INamedTypeSymbol nested)
            {
                Walk(nested);
            }
            else if (step.Kind == StepKind.Station && !known.IsGate(step.Type))
            {
                string station = step.Type.ToDisplayString();
                Add(step.Input, $"the input of station '{station}'");
                Add(step.Output, $"the output of station '{station}'");
            }
        }

        visiting.Remove(line);
    }

    private void Add(ITypeSymbol? type, string where)
    {
        // An unknown type is reported where the station is broken.
        if (type is null || type.TypeKind == TypeKind.Error)
        {
            return;
        }

        ITypeSymbol plain = type.WithNullableAnnotation(NullableAnnotation.None);
        if (!found.ContainsKey(plain))
        {
            found.Add(plain, where);
            order.Add(new CrossingMaterial(plain, where));
        }
    }
}

/// <summary>A material type that crosses the broker, and the first place it does (e.g. "the input of station 'Demo.Price'").</summary>
internal sealed class CrossingMaterial(ITypeSymbol type, string where)
{
    public ITypeSymbol Type { get; } = type;

    public string Where { get; } = where;
}
