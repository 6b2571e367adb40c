namespace Factory.Generators.Analysis;

/// <summary>What a <c>[Step&lt;T&gt;]</c> or a route target names.</summary>
internal enum StepKind
{
    Station,
    Line,

    /// <summary>The built-in <c>Discard</c> route target.</summary>
    Discard,

    /// <summary>Neither a station nor a line (FCT0007), or a route target that is not one either.</summary>
    Other,
}
