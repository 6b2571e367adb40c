using System;

namespace Factory;

/// <summary>Which run an observer hears about.</summary>
/// <param name="RunId">The run's id (the same when a run is resumed).</param>
/// <param name="Line">The line.</param>
/// <param name="Job">The job order.</param>
/// <param name="Started">When this start of the run began.</param>
public sealed record RunInfo(string RunId, LineDescriptor Line, JobOrder Job, DateTimeOffset Started)
{
    /// <summary>Pauses, resumes or cancels the run; null where the run is not this process's to control (a remote station's part).</summary>
    public IRunControl? Control { get; init; }

    /// <summary>The run's andons, which reviews recorded while it is live count in; null where the run is not this process's (a remote station's part).</summary>
    public Quality.IRunReviews? Reviews { get; init; }
}
