namespace Factory.Quality;

/// <summary>What an inspector (a person or an <see cref="IInspector{TIn, TOut}"/>) found of one output.</summary>
/// <param name="Verdict">Ok or defect.</param>
/// <param name="Category">For a defect, what kind (e.g. <c>wrong-category</c>); null when none is given.</param>
/// <param name="Note">Free text, or null.</param>
public readonly record struct InspectionResult(Verdict Verdict, string? Category = null, string? Note = null)
{
    /// <summary>The output is right.</summary>
    public static InspectionResult Ok { get; } = new(Verdict.Ok);

    /// <summary>The output is wrong, of <paramref name="category"/>.</summary>
    public static InspectionResult Defect(string category, string? note = null) => new(Verdict.Defect, category, note);

    /// <summary>True for a defect.</summary>
    public bool IsDefect => Verdict == Verdict.Defect;
}
