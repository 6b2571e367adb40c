namespace Factory;

/// <summary>How a run ended.</summary>
public enum LineOutcome
{
    /// <summary>Every material reached the end of the line or became a dead letter.</summary>
    Completed,

    /// <summary>The caller cancelled the run; unfinished materials were neither output nor dead-lettered.</summary>
    Cancelled,

    /// <summary>The job order's deadline passed; unfinished materials are not done (a resumed run takes them up).</summary>
    DeadlineExceeded,

    /// <summary>
    /// Everything else finished, and some materials wait at gates for a decision
    /// (<see cref="LineReport.AwaitingDecision"/> lists them): they stay parked in the gate store.
    /// </summary>
    AwaitingDecision,
}
