using System.Collections.Immutable;

namespace Factory.Generators.Analysis;

/// <summary>A line's wiring as written: its steps (each with its routes) and any route written before the first step.</summary>
internal sealed class LineWiring
{
    public LineWiring(ImmutableArray<LineStepInfo> steps, ImmutableArray<RouteInfo> danglingRoutes)
    {
        Steps = steps;
        DanglingRoutes = danglingRoutes;
    }

    public ImmutableArray<LineStepInfo> Steps { get; }

    /// <summary>Routes with no step before them.</summary>
    public ImmutableArray<RouteInfo> DanglingRoutes { get; }
}
