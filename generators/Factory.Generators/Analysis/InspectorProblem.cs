namespace Factory.Generators.Analysis;

/// <summary>What is wrong with one <c>[Inspector&lt;TStation&gt;]</c>, if anything.</summary>
internal enum InspectorProblem
{
    None,

    /// <summary><c>TStation</c> is a station whose work method is broken: its types are unknown, and the station's own diagnostic says why.</summary>
    StationBroken,

    /// <summary><c>TStation</c> is not a <c>[Station]</c> or a <c>[ThinkingUnit]</c> (FCT0032).</summary>
    NotAStation,

    /// <summary>The class is not an <c>IInspector&lt;TIn, TOut&gt;</c> of the station's input and output (FCT0031).</summary>
    TypesDiffer,

    /// <summary>The class is generic, or it or a type containing it is private or protected: no line can name it (FCT0034).</summary>
    OutOfReach,
}
