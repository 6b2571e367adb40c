using System.Linq;
using System.Threading;
using Factory.Generators.Analysis;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Parse;

/// <summary>
/// Turns an <c>[Inspector&lt;TStation&gt;]</c> class into an <see cref="InspectorModel"/> of the stations it
/// may inspect, or null when it may inspect none (the analyzers say why: FCT0031, FCT0032, FCT0034).
/// </summary>
internal static class InspectorParser
{
    public static InspectorModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol inspector)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        Compilation compilation = context.SemanticModel.Compilation;
        EquatableArray<string> stations = InspectedStation.Read(inspector, KnownSymbols.From(compilation), compilation)
            .Where(inspected => inspected.Problem == InspectorProblem.None)
            .Select(inspected => Names.Type(inspected.Station).Name)
            .Distinct()
            .ToEquatableArray();
        return stations.Count == 0
            ? null
            : new InspectorModel(Names.Type(inspector).Name, inspector.Name, stations, ConstructorReader.Read(inspector), Names.IsPublic(inspector));
    }
}
