namespace Factory.Generators.Analysis;

/// <summary>What is wrong with a thinking unit's work method (FCT0024).</summary>
internal enum UnitMethodProblem
{
    None,
    Missing,
    Ambiguous,

    /// <summary>Written with a body: the generator writes it, so it must be a partial declaration.</summary>
    NotPartialDeclaration,
    UnsupportedShape,
}
