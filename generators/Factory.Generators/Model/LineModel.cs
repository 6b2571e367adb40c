using System.Collections.Generic;
using System.Linq;

namespace Factory.Generators.Model;

/// <summary>A valid line, as the emitter needs it. Immutable, structurally equal.</summary>
/// <param name="Type">The line class.</param>
/// <param name="Name">Line name.</param>
/// <param name="InputType">The input type (the first step's).</param>
/// <param name="OutputType">The output type (what the last step gives on).</param>
/// <param name="Steps">The steps in order.</param>
/// <param name="IsPublic">Whether DI registration may name it from outside.</param>
/// <param name="ConstructorIsPublic">False when a step's type is not public (a public constructor could not take it): the constructor is internal.</param>
internal sealed record LineModel(
    TypeDeclaration Type,
    string Name,
    TypeRef InputType,
    TypeRef OutputType,
    EquatableArray<StepModel> Steps,
    bool IsPublic,
    bool ConstructorIsPublic)
{
    /// <summary>The inspectors wired to this line's stations (<c>[Inspector&lt;TStation&gt;]</c>), which the constructor takes after the steps.</summary>
    public EquatableArray<InspectorParameter> Inspectors { get; init; } = EquatableArray<InspectorParameter>.Empty;

    /// <summary>The inspectors of the station <paramref name="target"/>, as the parameters that hold them.</summary>
    public IEnumerable<InspectorParameter> InspectorsOf(TargetModel target)
    {
        foreach (InspectorParameter inspector in Inspectors)
        {
            if (!target.IsLine && !target.IsGate && inspector.Stations.Contains(target.Type.Name))
            {
                yield return inspector;
            }
        }
    }

    /// <summary>The stations and lines the constructor takes: every step and every route target that is not a discard, in the order written.</summary>
    public IEnumerable<TargetModel> Targets()
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
