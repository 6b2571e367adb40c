namespace Factory;

/// <summary>How one attempt of a station on one material ended.</summary>
public enum ExecutionOutcome
{
    /// <summary>The station gave its output.</summary>
    Succeeded,

    /// <summary>The station threw; the material may be retried.</summary>
    Failed,

    /// <summary>The attempt ran out of time.</summary>
    TimedOut,
}
