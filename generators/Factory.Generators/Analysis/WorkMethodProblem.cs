namespace Factory.Generators.Analysis;

/// <summary>What a station's work method is, or why it is not one.</summary>
internal enum WorkMethodProblem
{
    None,

    /// <summary>No method named Process or ProcessAsync (FCT0002).</summary>
    Missing,

    /// <summary>More than one (FCT0003).</summary>
    Ambiguous,

    /// <summary>One, but not a supported shape (FCT0008).</summary>
    UnsupportedShape,
}
