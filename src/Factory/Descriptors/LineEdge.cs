namespace Factory;

/// <summary>
/// A belt between two stations of a line, by their index in <see cref="LineDescriptor.Stations"/>.
/// A route's edge carries its case type in <see cref="Route"/>.
/// </summary>
/// <param name="From">Index of the upstream station.</param>
/// <param name="To">Index of the downstream station.</param>
/// <param name="MaterialType">The type carried.</param>
/// <param name="Route">The route's case type when the edge is a route, else null.</param>
public sealed record LineEdge(int From, int To, string MaterialType, string? Route = null);
