namespace Factory;

/// <summary>How a run ended.</summary>
public enum LineOutcome
{
    /// <summary>Every material reached the end of the line or became a dead letter.</summary>
    Completed,

    /// <summary>The caller cancelled the run; unfinished materials were neither output nor dead-lettered.</summary>
    Cancelled,
}
