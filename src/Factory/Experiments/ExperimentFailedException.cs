using System;

namespace Factory.Experiments;

/// <summary>An experiment found the candidate worse than the baseline (<see cref="ExperimentReport.AssertNotWorse"/>).</summary>
public sealed class ExperimentFailedException(string message, ExperimentReport report) : Exception(message)
{
    /// <summary>The report, with every figure.</summary>
    public ExperimentReport Report { get; } = report;
}
