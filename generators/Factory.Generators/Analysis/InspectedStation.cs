using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Factory.Generators.Analysis;

/// <summary>
/// One <c>[Inspector&lt;TStation&gt;]</c> of an inspector class, resolved: the station, its types and
/// whether the class inspects them. Holds symbols: not for generator models.
/// </summary>
internal sealed class InspectedStation
{
    private InspectedStation(AttributeData attribute, ITypeSymbol station, ITypeSymbol? input, ITypeSymbol? output, InspectorProblem problem)
    {
        Attribute = attribute;
        Station = station;
        Input = input;
        Output = output;
        Problem = problem;
    }

    public AttributeData Attribute { get; }

    public ITypeSymbol Station { get; }

    /// <summary>The station's input type, when it is a station with a valid work method.</summary>
    public ITypeSymbol? Input { get; }

    /// <summary>The station's output type (of one output).</summary>
    public ITypeSymbol? Output { get; }

    public InspectorProblem Problem { get; }

    /// <summary>
    /// Every <c>[Inspector&lt;TStation&gt;]</c> of <paramref name="inspector"/>, in the order written. The class
    /// inspects a station when it converts implicitly to <c>IInspector&lt;TIn, TOut&gt;</c> of the station's
    /// types (so, the interface being contravariant, an inspector of <c>object</c> inspects any station).
    /// </summary>
    public static ImmutableArray<InspectedStation> Read(INamedTypeSymbol inspector, KnownSymbols known, Compilation compilation)
    {
        ImmutableArray<InspectedStation>.Builder found = ImmutableArray.CreateBuilder<InspectedStation>();
        if (known.InspectorAttribute is null)
        {
            return found.ToImmutable();
        }

        foreach (AttributeData attribute in inspector.GetAttributes())
        {
            if (attribute.AttributeClass is { IsGenericType: true, TypeArguments.Length: 1 } attributeClass
                && SymbolEqualityComparer.Default.Equals(attributeClass.OriginalDefinition, known.InspectorAttribute))
            {
                found.Add(Resolve(attribute, inspector, attributeClass.TypeArguments[0], known, compilation));
            }
        }

        return found.ToImmutable();
    }

    private static InspectedStation Resolve(AttributeData attribute, INamedTypeSymbol inspector, ITypeSymbol station, KnownSymbols known, Compilation compilation)
    {
        // A generic class has no one type a line could take; one nested out of sight, no name a line could write.
        if (inspector.IsGenericType || !TypeReach.IsVisibleOutside(inspector))
        {
            return new InspectedStation(attribute, station, null, null, InspectorProblem.OutOfReach);
        }

        // A gate is a station whose work is a person's decision: nothing of a model's to inspect.
        if (station is not INamedTypeSymbol named || !known.IsStation(named) || known.IsGate(named))
        {
            return new InspectedStation(attribute, station, null, null, InspectorProblem.NotAStation);
        }

        WorkMethod work = WorkMethod.Read(named, known);
        if (!work.IsValid || work.Input is null || work.Output is null || known.Inspector is null)
        {
            return new InspectedStation(attribute, station, null, null, InspectorProblem.StationBroken);
        }

        INamedTypeSymbol wanted = known.Inspector.Construct(work.Input, work.Output);
        Conversion conversion = compilation.ClassifyConversion(inspector, wanted);
        bool inspects = conversion.IsIdentity || (conversion.IsImplicit && conversion.IsReference);
        return new InspectedStation(attribute, station, work.Input, work.Output, inspects ? InspectorProblem.None : InspectorProblem.TypesDiffer);
    }
}
