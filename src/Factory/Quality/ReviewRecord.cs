using System;

namespace Factory.Quality;

/// <summary>A person's review of a sample.</summary>
/// <param name="Reviewer">Who reviewed it.</param>
/// <param name="Result">The verdict, the defect's category and the note.</param>
/// <param name="CorrectedJson">The corrected output, when the reviewer gave one (of the sample's output type).</param>
/// <param name="Time">When.</param>
public sealed record ReviewRecord(string Reviewer, InspectionResult Result, string? CorrectedJson, DateTimeOffset Time);
