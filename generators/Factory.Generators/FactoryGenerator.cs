using System.Text;
using Factory.Generators.Analysis;
using Factory.Generators.Emit;
using Factory.Generators.Model;
using Factory.Generators.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Factory.Generators;

/// <summary>
/// Turns <c>[Station]</c>, <c>[ThinkingUnit]</c>, <c>[Gate&lt;T&gt;]</c> and <c>[Line]</c> classes into pipeline code,
/// wiring <c>[Inspector&lt;TStation&gt;]</c> classes into the lines that run their stations. Parser -> model -> emitter;
/// models hold no symbols, so unchanged stations and lines are served from the cache. Invalid input
/// produces nothing: the analyzers say what is wrong.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FactoryGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<StationModel> stations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownSymbols.StationAttributeName,
                static (node, _) => node is ClassDeclarationSyntax,
                StationParser.Parse)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Stations);

        IncrementalValuesProvider<LineModel> lines = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownSymbols.LineAttributeName,
                static (node, _) => node is ClassDeclarationSyntax,
                LineParser.Parse)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Lines);

        IncrementalValuesProvider<InspectorModel> inspectors = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownSymbols.InspectorAttributeName,
                static (node, _) => node is ClassDeclarationSyntax,
                InspectorParser.Parse)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Inspectors);

        // An inspector's edit reaches only the lines whose stations it inspects (their models change), and only if it changes what they wire.
        IncrementalValuesProvider<LineModel> wiredLines = lines
            .Combine(inspectors.Collect())
            .Select(static (pair, _) => LineInspectors.Wire(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.LinesWithInspectors);

        IncrementalValuesProvider<GateModel> gates = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownSymbols.GateAttributeName,
                static (node, _) => node is ClassDeclarationSyntax,
                GateParser.Parse)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Gates);

        IncrementalValuesProvider<JsonContextModel> jsonContexts = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownSymbols.JsonSerializableAttributeName,
                static (node, _) => node is ClassDeclarationSyntax,
                ThinkingUnitParser.ParseContext)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.JsonContexts);

        IncrementalValuesProvider<ThinkingUnitModel> units = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownSymbols.ThinkingUnitAttributeName,
                static (node, _) => node is ClassDeclarationSyntax,
                ThinkingUnitParser.Parse)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ThinkingUnits)
            .Combine(jsonContexts.Collect())
            .Select(static (pair, _) => ThinkingUnitParser.WithContext(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ThinkingUnitsWithJson);

        context.RegisterSourceOutput(units, static (output, unit) =>
            output.AddSource(unit.Station.Type.HintName(".ThinkingUnit.g.cs"), SourceText.From(ThinkingUnitEmitter.Emit(unit), Encoding.UTF8)));

        context.RegisterSourceOutput(stations, static (output, station) =>
            output.AddSource(station.Type.HintName(".Station.g.cs"), SourceText.From(StationEmitter.Emit(station), Encoding.UTF8)));

        context.RegisterSourceOutput(gates, static (output, gate) =>
            output.AddSource(gate.Station.Type.HintName(".Gate.g.cs"), SourceText.From(GateEmitter.Emit(gate), Encoding.UTF8)));

        context.RegisterSourceOutput(wiredLines, static (output, line) =>
            output.AddSource(line.Type.HintName(".Line.g.cs"), SourceText.From(LineEmitter.Emit(line), Encoding.UTF8)));

        // Each line's descriptor in the assembly's metadata, for tools that read a built assembly without running it.
        IncrementalValueProvider<LineGraphReader.Catalog> catalog = stations.Collect()
            .Combine(gates.Collect())
            .Combine(units.Collect())
            .Combine(lines.Collect())
            .Select(static (input, _) => LineGraphReader.Index(input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right));

        IncrementalValuesProvider<LineGraphModel> graphs = lines
            .Combine(catalog)
            .Select(static (pair, _) => LineGraphReader.Read(pair.Left, pair.Right))
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.LineGraphs);

        context.RegisterSourceOutput(graphs, static (output, graph) =>
            output.AddSource(graph.Type.HintName(".LineDescriptor.g.cs"), SourceText.From(LineDescriptorEmitter.Emit(graph), Encoding.UTF8)));

        IncrementalValueProvider<CompilationFacts> facts = context.CompilationProvider
            .Select(static (compilation, _) => CompilationFacts.Read(compilation))
            .WithTrackingName(TrackingNames.CompilationFacts);

        IncrementalValueProvider<RegistrationModel?> registration = stations.Collect()
            .Combine(wiredLines.Collect())
            .Combine(facts)
            .Combine(units.Collect())
            .Combine(gates.Collect())
            .Combine(inspectors.Collect())
            .Select(static (input, _) => RegistrationReader.Read(input.Left.Left.Left.Left.Left, input.Left.Left.Left.Left.Right, input.Left.Left.Left.Right, input.Left.Left.Right, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.Registration);

        context.RegisterSourceOutput(registration, static (output, model) =>
        {
            if (model is not null)
            {
                output.AddSource("FactoryRegistration.g.cs", SourceText.From(RegistrationEmitter.Emit(model), Encoding.UTF8));
            }
        });
    }
}

/// <summary>What the registration needs from the compilation: cheap to compute, structurally equal.</summary>
/// <param name="AssemblyIdentifier">The assembly name as an identifier.</param>
/// <param name="HasDependencyInjection">Whether Microsoft.Extensions.DependencyInjection is referenced.</param>
internal sealed record CompilationFacts(string AssemblyIdentifier, bool HasDependencyInjection)
{
    public static CompilationFacts Read(Compilation compilation)
    {
        bool hasDi = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IServiceCollection") is not null
            && compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions") is not null;
        return new CompilationFacts(Identifier(compilation.AssemblyName ?? "Factory"), hasDi);
    }

    private static string Identifier(string name)
    {
        var text = new StringBuilder(name.Length);
        bool upper = true;
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                text.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        if (text.Length == 0 || char.IsDigit(text[0]))
        {
            text.Insert(0, '_');
        }

        return text.ToString();
    }
}
