namespace Factory.Quality;

/// <summary>What an inspection found of one output.</summary>
public enum Verdict
{
    /// <summary>The output is right.</summary>
    Ok,

    /// <summary>The output is wrong (a defect).</summary>
    Defect,
}
