namespace Factory.Generators.Model;

/// <summary>One step of a <see cref="LineGraphModel"/>: a station, a nested line, or the routes after the step before. Immutable, structurally equal.</summary>
/// <param name="Station">The station, when the step is one.</param>
/// <param name="Line">The nested line, when the step is one.</param>
/// <param name="Routes">The routes, when the step routes (empty otherwise).</param>
internal sealed record GraphStepModel(GraphStationModel? Station, LineGraphModel? Line, EquatableArray<GraphRouteModel> Routes);
