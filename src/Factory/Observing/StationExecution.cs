using System;
using System.Runtime.InteropServices;

namespace Factory;

/// <summary>One attempt of one station on one material: the provenance record.</summary>
/// <param name="Station">The station (name, version, path).</param>
/// <param name="Material">Which material.</param>
/// <param name="Attempt">The attempt, from 1.</param>
/// <param name="Started">When the attempt started.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="ExceptionType">The exception's type when it failed.</param>
/// <param name="Message">The exception's message when it failed.</param>
/// <param name="Model">The model that produced the output, when the station is a thinking unit.</param>
/// <param name="InputTokens">Model input tokens used, when known.</param>
/// <param name="OutputTokens">Model output tokens used, when known.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct StationExecution(
    StationDescriptor Station,
    MaterialInfo Material,
    int Attempt,
    DateTimeOffset Started,
    TimeSpan Duration,
    ExecutionOutcome Outcome,
    string? ExceptionType = null,
    string? Message = null,
    string? Model = null,
    long InputTokens = 0,
    long OutputTokens = 0)
{
    /// <summary>Model cost of the attempt, in the prices' currency, when the station is a thinking unit that reported it.</summary>
    public decimal Cost { get; init; }
}
