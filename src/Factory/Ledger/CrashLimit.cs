namespace Factory.Ledger;

/// <summary>
/// The crash limit: an input that was in a station each time the process died, this many times,
/// does not run again; it becomes a dead letter at the entry with <see cref="ExceptionType"/>.
/// </summary>
public static class CrashLimit
{
    /// <summary>Three crashes.</summary>
    public const int Default = 3;

    /// <summary>The exception type of the dead letter an input past its crash limit becomes.</summary>
    public const string ExceptionType = Runtime.DeadLetters.CrashLimitType;
}
