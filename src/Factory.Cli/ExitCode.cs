namespace Factory.Cli;

/// <summary>What <c>factory</c> exits with: scripts branch on these, so they never change.</summary>
public static class ExitCode
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The command line is wrong: an unknown command or option, a missing or malformed value.</summary>
    public const int Usage = 1;

    /// <summary>No such run, material, dead letter or gate item in the operator's scope.</summary>
    public const int NotFound = 2;

    /// <summary>Refused: permissions, already decided, not open, an invalid edit, not confirmed.</summary>
    public const int Refused = 3;

    /// <summary>The ledger cannot be reached or opened.</summary>
    public const int Unreachable = 4;
}
