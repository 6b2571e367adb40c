namespace Factory.Quality;

/// <summary>One output sent to the review queue, with the input it was made from.</summary>
/// <param name="Station">The station that made it.</param>
/// <param name="Material">The output material (for a split, the child).</param>
/// <param name="Input">The station's input.</param>
/// <param name="Output">What the station gave.</param>
/// <param name="Reason">Why it was sampled.</param>
public sealed record QualitySample(StationDescriptor Station, MaterialInfo Material, object? Input, object? Output, SampleReason Reason);
