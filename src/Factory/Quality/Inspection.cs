namespace Factory.Quality;

/// <summary>An automatic inspector's verdict on one output of a run.</summary>
/// <param name="Station">The station whose output it is.</param>
/// <param name="Material">The output material.</param>
/// <param name="Inspector">The inspector's name.</param>
/// <param name="Result">What it found.</param>
public sealed record Inspection(StationDescriptor Station, MaterialInfo Material, string Inspector, InspectionResult Result);
