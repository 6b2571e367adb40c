namespace Factory.Generators.Model;

/// <summary>One step of a line, with the routes written after it.</summary>
/// <param name="Target">What the step runs.</param>
/// <param name="OutputType">What the step gives.</param>
/// <param name="GatherItem">For a station taking <c>Gathered&lt;T&gt;</c>, the <c>T</c>; else null.</param>
/// <param name="Routes">The routes after the step, in order.</param>
/// <param name="FlowType">What flows on to the next step: the output, or what the routes' branches give.</param>
/// <param name="Redaction">For routed output, what a no-route dead letter or a discard keeps of a value.</param>
internal sealed record StepModel(
    TargetModel Target,
    TypeRef OutputType,
    TypeRef? GatherItem,
    EquatableArray<RouteModel> Routes,
    TypeRef FlowType,
    Redaction Redaction);
