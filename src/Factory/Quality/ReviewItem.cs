using System;

namespace Factory.Quality;

/// <summary>One sampled output in the review queue, with its input and output as the ledger keeps them (JSON, secrets redacted).</summary>
/// <param name="Id">The sample's id: what a review names.</param>
/// <param name="RunId">The run that made it.</param>
/// <param name="Tenant">The run's tenant.</param>
/// <param name="Line">The line's name.</param>
/// <param name="Station">The station's path.</param>
/// <param name="StationVersion">The station's full version (declared version and code hash).</param>
/// <param name="MaterialId">The output material's id.</param>
/// <param name="Root">The input it descends from.</param>
/// <param name="Reason">Why it was sampled.</param>
/// <param name="InputType">The input's type (full name).</param>
/// <param name="InputJson">The input, or null when the ledger could not keep it (its JSON resolver lacks the type).</param>
/// <param name="OutputType">The output's type (full name).</param>
/// <param name="OutputJson">The output, likewise.</param>
/// <param name="Sampled">When it was sampled.</param>
/// <param name="Status">Open or reviewed.</param>
public sealed record ReviewItem(
    long Id,
    string RunId,
    string Tenant,
    string Line,
    string Station,
    string StationVersion,
    long MaterialId,
    long Root,
    SampleReason Reason,
    string InputType,
    string? InputJson,
    string OutputType,
    string? OutputJson,
    DateTimeOffset Sampled,
    ReviewStatus Status)
{
    /// <summary>The review, once there is one.</summary>
    public ReviewRecord? Review { get; init; }
}
