namespace Factory.Generators.Model;

/// <summary>One route of a <see cref="LineGraphModel"/>: its case and its target, none for a discard. Immutable, structurally equal.</summary>
/// <param name="CaseType">The case type as descriptors show it.</param>
/// <param name="Station">The target station, if it is one.</param>
/// <param name="Line">The target line, if it is one.</param>
internal sealed record GraphRouteModel(string CaseType, GraphStationModel? Station, LineGraphModel? Line);
