namespace Factory.Quality;

/// <summary>
/// The run a station's quality control reports to: the in-process run (<see cref="Runtime.RunState"/>),
/// or a worker's view of a run whose stations it hosts (<see cref="Runtime.RemoteScope"/>); both hand
/// samples, verdicts and andon trips to the run's observers (a ledger keeps them).
/// </summary>
internal interface IQualityRun
{
    /// <summary>The run's line.</summary>
    LineDescriptor Line { get; }

    /// <summary>An output went to the review queue.</summary>
    void Sampled(QualitySample sample);

    /// <summary>An inspector gave its verdict.</summary>
    void Inspected(Inspection inspection);

    /// <summary>A station's andon tripped.</summary>
    void AndonTripped(AndonTrip trip);
}
