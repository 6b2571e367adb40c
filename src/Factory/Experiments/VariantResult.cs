using System.Collections.Generic;
using Factory.Quality;

namespace Factory.Experiments;

/// <summary>One variant's figures over the experiment's inputs.</summary>
/// <param name="Name">The variant's name.</param>
/// <param name="RunId">The run that made its outputs (in the ledger, when the experiment records).</param>
/// <param name="Scores">Each input's score, in input order; 0 for an input the variant gave no output for.</param>
/// <param name="Failed">Inputs it gave no output for (dead letters, discards).</param>
/// <param name="Accuracy">Inputs scored right (0.5 or more) of all, with its Wilson 95% interval.</param>
/// <param name="Right">How many it got right.</param>
/// <param name="MeanScore">The mean score.</param>
/// <param name="Tokens">Model tokens, in and out.</param>
/// <param name="LatencyP50Ms">The median of its stations' time per input.</param>
/// <param name="LatencyP95Ms">The 95th percentile of it.</param>
public sealed record VariantResult(
    string Name,
    string RunId,
    IReadOnlyList<double> Scores,
    int Failed,
    WilsonInterval Accuracy,
    int Right,
    double MeanScore,
    long Tokens,
    double LatencyP50Ms,
    double LatencyP95Ms)
{
    /// <summary>Model cost over every input, in the prices' currency (0 when no station reported any).</summary>
    public decimal Cost { get; init; }

    /// <summary>The mean model cost per input, with its seeded bootstrap 95% interval.</summary>
    public Estimate CostPerInput { get; init; }

    /// <summary>The mean model tokens per input, with its seeded bootstrap 95% interval.</summary>
    public Estimate TokensPerInput { get; init; }

    /// <summary>The median of its stations' time per input (ms), with a distribution-free 95% interval (<see cref="Statistics.QuantileInterval"/>).</summary>
    public Estimate LatencyP50 { get; init; }

    /// <summary>The 95th percentile of it (ms), with its interval.</summary>
    public Estimate LatencyP95 { get; init; }

    /// <summary>Verdicts of the inspectors that looked at its outputs (<c>[Inspector&lt;TStation&gt;]</c>, or the run's sampling); 0 when none did.</summary>
    public int Inspected { get; init; }

    /// <summary>How many of those verdicts were defects.</summary>
    public int Defects { get; init; }

    /// <summary>The inspectors' defect rate, <see cref="Defects"/> of <see cref="Inspected"/>, with its Wilson 95% interval ([0, 1] when nothing was inspected).</summary>
    public WilsonInterval DefectRate => WilsonInterval.Of(Defects, Inspected);
}
