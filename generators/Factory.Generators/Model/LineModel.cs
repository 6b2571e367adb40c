namespace Factory.Generators.Model;

/// <summary>A valid line, as the emitter needs it. Immutable, structurally equal.</summary>
/// <param name="Type">The line class.</param>
/// <param name="Name">Line name.</param>
/// <param name="InputType">Fully qualified input type (the first step's).</param>
/// <param name="OutputType">Fully qualified output type (the last step's).</param>
/// <param name="Steps">The steps in order.</param>
/// <param name="IsPublic">Whether DI registration may name it from outside.</param>
/// <param name="ConstructorAccessibility">"public", or "internal" when a step's type is not public (a public constructor could not take it).</param>
internal sealed record LineModel(
    TypeDeclaration Type,
    string Name,
    string InputType,
    string OutputType,
    EquatableArray<StepModel> Steps,
    bool IsPublic,
    string ConstructorAccessibility)
{
    /// <summary>The stations and lines the constructor takes: every step and every route target that is not a discard, in the order written.</summary>
    public System.Collections.Generic.IEnumerable<TargetModel> Targets()
    {
        foreach (StepModel step in Steps)
        {
            yield return step.Target;
            foreach (RouteModel route in step.Routes)
            {
                if (route.Target is not null)
                {
                    yield return route.Target;
                }
            }
        }
    }
}

/// <summary>One step of a line, with the routes written after it.</summary>
/// <param name="Target">What the step runs.</param>
/// <param name="OutputType">Fully qualified output type.</param>
/// <param name="GatherItem">For a station taking <c>Gathered&lt;T&gt;</c>, the fully qualified <c>T</c>; else empty.</param>
/// <param name="Routes">The routes after the step, in order.</param>
/// <param name="FlowType">What flows on to the next step: the output, or what the routes' branches give.</param>
/// <param name="Sensitive">For routed output, how a no-route dead letter or a discard keeps a value: empty to keep it, else the expression (over "input") of a copy without its [Sensitive] members.</param>
internal sealed record StepModel(
    TargetModel Target,
    string OutputType,
    string GatherItem,
    EquatableArray<RouteModel> Routes,
    string FlowType,
    string Sensitive)
{
    public bool IsLine => Target.IsLine;

    public string Type => Target.Type;

    public string Parameter => Target.Parameter;

    public string InputType => Target.InputType;
}

/// <summary>A station or line a step or a route runs.</summary>
/// <param name="IsLine">True for a line, false for a station.</param>
/// <param name="IsBatch">True for a batch station.</param>
/// <param name="Type">Fully qualified type.</param>
/// <param name="Parameter">Constructor parameter and field name (camelCase, numbered when a type repeats).</param>
/// <param name="InputType">Fully qualified input type.</param>
/// <param name="OutputType">Fully qualified output type.</param>
internal sealed record TargetModel(bool IsLine, bool IsBatch, string Type, string Parameter, string InputType, string OutputType);

/// <summary>One route: a case type and its target, or a discard (no target).</summary>
/// <param name="CaseType">Fully qualified case type.</param>
/// <param name="CaseDisplay">The case type as shown in descriptors.</param>
/// <param name="Target">The target, or null for a discard.</param>
internal sealed record RouteModel(string CaseType, string CaseDisplay, TargetModel? Target);
