using System;
using System.Collections.Generic;

namespace Factory;

/// <summary>One step of a line: a station, a nested line whose steps run inline, or a set of routes.</summary>
public sealed class LineStep
{
    private LineStep(StationDescriptor? station, LineDescriptor? line, IReadOnlyList<RouteStep>? routes)
    {
        Station = station;
        Line = line;
        Routes = routes;
    }

    /// <summary>The station, when the step is a station.</summary>
    public StationDescriptor? Station { get; }

    /// <summary>The nested line, when the step is a line.</summary>
    public LineDescriptor? Line { get; }

    /// <summary>The routes, when the step routes the previous step's output.</summary>
    public IReadOnlyList<RouteStep>? Routes { get; }

    /// <summary>A station step.</summary>
    public static LineStep Of(StationDescriptor station) => new(station, null, null);

    /// <summary>A nested line step.</summary>
    public static LineStep Of(LineDescriptor line) => new(null, line, null);

    /// <summary>The routes written after a step, in order.</summary>
    public static LineStep Route(params RouteStep[] routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return new(null, null, routes);
    }
}

/// <summary>One <c>[Route&lt;TCase, TTarget&gt;]</c>: a case type and where it goes.</summary>
public sealed class RouteStep
{
    private RouteStep(string caseType, StationDescriptor? station, LineDescriptor? line)
    {
        CaseType = caseType;
        Station = station;
        Line = line;
    }

    /// <summary>The case's type name.</summary>
    public string CaseType { get; }

    /// <summary>The target station, if it is one.</summary>
    public StationDescriptor? Station { get; }

    /// <summary>The target line, if it is one.</summary>
    public LineDescriptor? Line { get; }

    /// <summary>True when the case is discarded.</summary>
    public bool IsDiscard => Station is null && Line is null;

    /// <summary>A route to a station.</summary>
    public static RouteStep To(string caseType, StationDescriptor station) => new(caseType, station, null);

    /// <summary>A route to a line.</summary>
    public static RouteStep To(string caseType, LineDescriptor line) => new(caseType, null, line);

    /// <summary>A route that discards.</summary>
    public static RouteStep Discard(string caseType) => new(caseType, null, null);
}
