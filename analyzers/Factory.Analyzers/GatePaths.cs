using System.Collections.Generic;
using System.Collections.Immutable;
using Factory.Generators.Analysis;
using Microsoft.CodeAnalysis;

namespace Factory.Analyzers;

/// <summary>
/// Walks a line from its entry the way materials go (steps in order, one route of each step's routes,
/// nested lines inline) and finds each station with <c>Effects</c> that some path reaches before any
/// gate (FCT0025), with the first such path.
/// </summary>
internal sealed class GatePaths
{
    private readonly KnownSymbols known;
    private readonly HashSet<ITypeSymbol> visiting = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, Ungated> found = new(SymbolEqualityComparer.Default);

    private GatePaths(KnownSymbols known)
    {
        this.known = known;
    }

    /// <summary>Every station with effects that <paramref name="line"/> reaches without a gate, in the order first reached.</summary>
    public static IReadOnlyCollection<Ungated> Find(INamedTypeSymbol line, KnownSymbols known)
    {
        var paths = new GatePaths(known);
        paths.Walk(line, [new Way(false, ImmutableArray<string>.Empty)]);
        return paths.found.Values;
    }

    private List<Way> Walk(INamedTypeSymbol line, List<Way> ways)
    {
        if (!visiting.Add(line))
        {
            return ways; // a cycle: FCT0014 says so
        }

        foreach (LineStepInfo step in LineSteps.Read(line, known))
        {
            ways = Through(step.Type, step.Kind, ways);
            if (step.Routes.IsEmpty)
            {
                continue;
            }

            var branches = new List<Way>();
            foreach (RouteInfo route in step.Routes)
            {
                if (route.Kind != StepKind.Discard)
                {
                    Merge(branches, Through(route.Target, route.Kind, ways));
                }
            }

            ways = branches;
        }

        visiting.Remove(line);
        return ways;
    }

    private List<Way> Through(ITypeSymbol target, StepKind kind, List<Way> ways)
    {
        if (kind == StepKind.Line && target is INamedTypeSymbol nested)
        {
            return Walk(nested, ways);
        }

        if (kind != StepKind.Station || target is not INamedTypeSymbol station)
        {
            return ways;
        }

        string name = station.Name;
        bool isGate = known.IsGate(station);
        ImmutableArray<string> effects = Effects(station);
        var after = new List<Way>();
        foreach (Way way in ways)
        {
            ImmutableArray<string> path = way.Path.Add(name);
            if (!way.Gated && !effects.IsEmpty && !found.ContainsKey(station))
            {
                found.Add(station, new Ungated(station, effects, path));
            }

            Merge(after, [new Way(way.Gated || isGate, path)]);
        }

        return after;
    }

    private ImmutableArray<string> Effects(INamedTypeSymbol station) =>
        known.StationAttributeOf(station) is { } attribute
            ? StationOptionsReader.Read(attribute).Effects
            : ImmutableArray<string>.Empty;

    /// <summary>Keeps one way per gated-or-not: what is reached next depends on nothing else, and the first path is the one named.</summary>
    private static void Merge(List<Way> into, List<Way> ways)
    {
        foreach (Way way in ways)
        {
            if (!into.Exists(w => w.Gated == way.Gated))
            {
                into.Add(way);
            }
        }
    }

    /// <summary>A way materials can have come: through a gate or not, and the stations passed.</summary>
    private readonly struct Way(bool gated, ImmutableArray<string> path)
    {
        public bool Gated { get; } = gated;

        public ImmutableArray<string> Path { get; } = path;
    }
}

/// <summary>A station with effects reached without a gate, and the path that reaches it.</summary>
internal sealed class Ungated(INamedTypeSymbol station, ImmutableArray<string> effects, ImmutableArray<string> path)
{
    public INamedTypeSymbol Station { get; } = station;

    public ImmutableArray<string> Effects { get; } = effects;

    public ImmutableArray<string> Path { get; } = path;
}
