namespace Factory.Quality;

/// <summary>
/// An automatic inspector of one station's outputs: given the input and what the station gave for it,
/// says whether the output is right. Called on the station's worker after each successful attempt, for
/// each output, when the run's <see cref="Sampling"/> wires it to the station; keep it quick and pure.
/// </summary>
/// <typeparam name="TIn">The station's input type.</typeparam>
/// <typeparam name="TOut">The station's output type (of one output).</typeparam>
public interface IInspector<in TIn, in TOut>
{
    /// <summary>The inspector's name, as inspections and defect rates show it.</summary>
    string Name { get; }

    /// <summary>The verdict on <paramref name="output"/>, which the station gave for <paramref name="input"/>.</summary>
    InspectionResult Inspect(TIn input, TOut output);
}
