namespace Factory.Quality;

/// <summary>
/// A live run's andons, for verdicts recorded outside the run: a ledger that records a person's review
/// of a sample of a run live in this process tells the run here (<see cref="RunInfo.Reviews"/>), so the
/// reviewed station's andon counts it as it counts its inspectors' verdicts.
/// </summary>
public interface IRunReviews
{
    /// <summary>Counts <paramref name="result"/>, a review of an output of the station at <paramref name="station"/>, in that station's andon (nothing when it has none).</summary>
    void Reviewed(string station, InspectionResult result);
}
