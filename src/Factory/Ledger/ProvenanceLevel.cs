namespace Factory.Ledger;

/// <summary>How much a ledger records about each material. Every level keeps what resume, dead letters and the audit need.</summary>
public enum ProvenanceLevel
{
    /// <summary>
    /// The run, one row per input with its outcome (what resume reads), dead letters and the audit;
    /// no row per material and no row per station attempt.
    /// </summary>
    None,

    /// <summary>
    /// <see cref="None"/>, plus one row per material (id, parent, root, input hash, outcome) and a row
    /// for every attempt that failed or timed out. Successful attempts are not recorded one by one.
    /// </summary>
    Summary,

    /// <summary>
    /// <see cref="Summary"/>, plus a row for every attempt of every station on every material: station,
    /// version, attempt, start, duration, outcome, and model and tokens for thinking units.
    /// </summary>
    Full,
}
