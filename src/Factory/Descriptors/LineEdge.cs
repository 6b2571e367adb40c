namespace Factory;

/// <summary>A conveyor between two stations of a line, by their index in <see cref="LineDescriptor.Stations"/>.</summary>
/// <param name="From">Index of the upstream station.</param>
/// <param name="To">Index of the downstream station.</param>
/// <param name="MaterialType">The full name of the type carried.</param>
public sealed record LineEdge(int From, int To, string MaterialType);
