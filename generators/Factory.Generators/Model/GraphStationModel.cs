namespace Factory.Generators.Model;

/// <summary>A station of a <see cref="LineGraphModel"/>: the facts its descriptor is written from, and a gate's when it is one. Immutable, structurally equal.</summary>
/// <param name="Station">The station (of a thinking unit or a gate: its station half).</param>
/// <param name="Gate">The gate, when the station is one.</param>
internal sealed record GraphStationModel(StationModel Station, GateModel? Gate);
