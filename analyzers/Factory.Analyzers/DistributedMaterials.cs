using System.Collections.Generic;
using System.Collections.Immutable;
using Factory.Generators.Analysis;
using Microsoft.CodeAnalysis;

namespace Factory.Analyzers;

/// <summary>
/// What a distributed line sends across the broker: the material types (each station's input and
/// output, in step order, nested lines' and route targets' stations inline, each type once, with the
/// first place it travels: the same types the runtime's <c>LinePlan.Check</c> requires of the
/// context), and the parts that do not run distributed yet (a gate whose decision no route takes: a
/// <c>Decision&lt;T&gt;</c> cannot cross the broker, only its cases), which the runtime would refuse at <c>Start</c>;
/// and the stations it runs there.
/// </summary>
internal sealed class DistributedMaterials
{
    private readonly KnownSymbols known;
    private readonly HashSet<ITypeSymbol> visiting = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, string> found = new(SymbolEqualityComparer.Default);
    private readonly List<CrossingMaterial> order = [];
    private readonly List<string> refused = [];
    private readonly List<ITypeSymbol> stations = [];

    private DistributedMaterials(KnownSymbols known)
    {
        this.known = known;
    }

    /// <summary>Every type that travels between the line's stations.</summary>
    public IReadOnlyList<CrossingMaterial> Materials => order;

    /// <summary>The parts of the line that do not run distributed yet, as the runtime names them (e.g. "batch station 'Demo.Bundle'").</summary>
    public IReadOnlyList<string> NotDistributed => refused;

    /// <summary>Every station the line runs on the broker: its own, its nested lines' and its route targets' (gates included).</summary>
    public IReadOnlyList<ITypeSymbol> Stations => stations;

    /// <summary>Walks <paramref name="line"/> once, nested lines and route targets included.</summary>
    public static DistributedMaterials Of(INamedTypeSymbol line, KnownSymbols known)
    {
        var materials = new DistributedMaterials(known);
        materials.Walk(line);
        return materials;
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
            else if (step.Kind == StepKind.Station)
            {
                Station(step.Type, step.Input, step.Output, routed: !step.Routes.IsEmpty);
            }

            foreach (RouteInfo route in step.Routes)
            {
                if (route.Kind == StepKind.Line && route.Target is INamedTypeSymbol target)
                {
                    Walk(target);
                }
                else if (route.Kind == StepKind.Station)
                {
                    Station(route.Target, route.Input, route.Output, routed: false);
                }
            }
        }

        visiting.Remove(line);
    }

    private void Station(ITypeSymbol type, ITypeSymbol? input, ITypeSymbol? output, bool routed)
    {
        stations.Add(type);
        string station = type.ToDisplayString();
        if (known.IsGate(type))
        {
            // The caller's run sends a decided material on as Approved<T> or Rejected<T>, the input of the station its route takes it to.
            if (!routed)
            {
                refused.Add($"gate '{station}' without routes for its decision");
            }

            Add(input, $"the input of gate '{station}'");
            return;
        }

        Add(input, $"the input of station '{station}'");
        Add(output, $"the output of station '{station}'");
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
