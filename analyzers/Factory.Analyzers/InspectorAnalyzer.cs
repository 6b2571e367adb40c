using System.Collections.Concurrent;
using System.Collections.Immutable;
using Factory.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Factory.Analyzers;

/// <summary>
/// Checks <c>[Inspector&lt;TStation&gt;]</c> classes: the class must inspect what the station takes and
/// gives (FCT0031), <c>TStation</c> must be a station (FCT0032), and a line of the assembly should run
/// it, or the inspector never runs (FCT0033, a warning, at the end of the compilation once every line is
/// known), and the class must be one generated code can name (FCT0034). An inspector of a station that a
/// <c>[Distributed]</c> line runs is FCT0035 (inspectors do not run distributed yet), at the end of the
/// compilation too, so that <c>Start</c> on a transport never has to refuse it. Reads inspectors with the generator's own <see cref="InspectedStation"/>, so what it accepts
/// is exactly what the generator wires.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InspectorAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.InspectorTypesDiffer,
        DiagnosticDescriptors.InspectedIsNotStation,
        DiagnosticDescriptors.InspectedStationOnNoLine,
        DiagnosticDescriptors.InspectorOutOfReach,
        DiagnosticDescriptors.InspectorOnDistributedLine);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            KnownSymbols known = KnownSymbols.From(start.Compilation);
            if (!known.IsFactoryReferenced || known.InspectorAttribute is null)
            {
                return;
            }

            Compilation compilation = start.Compilation;
            var run = new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);
            var distributed = new ConcurrentDictionary<ITypeSymbol, string>(SymbolEqualityComparer.Default);
            var wired = new ConcurrentQueue<(INamedTypeSymbol Inspector, InspectedStation Station)>();
            start.RegisterSymbolAction(symbol => Analyze(symbol, known, compilation, run, distributed, wired), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end => ReportAtEnd(end, run, distributed, wired));
        });
    }

    private static void Analyze(
        SymbolAnalysisContext context,
        KnownSymbols known,
        Compilation compilation,
        ConcurrentDictionary<ITypeSymbol, bool> run,
        ConcurrentDictionary<ITypeSymbol, string> distributed,
        ConcurrentQueue<(INamedTypeSymbol, InspectedStation)> wired)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (known.IsLine(type))
        {
            NoteStations(type, known, run);
            if (known.DistributedAttributeOf(type) is not null)
            {
                // Every station it runs crosses the broker, as DistributedAnalyzer reads them (nested lines, route targets).
                string line = type.ToDisplayString();
                foreach (ITypeSymbol station in DistributedMaterials.Of(type, known).Stations)
                {
                    distributed.TryAdd(station, line);
                }
            }
        }

        foreach (InspectedStation inspected in InspectedStation.Read(type, known, compilation))
        {
            string inspector = type.ToDisplayString();
            string station = inspected.Station.ToDisplayString();
            Location location = SyntaxLocations.Attribute(inspected.Attribute, context.CancellationToken);
            switch (inspected.Problem)
            {
                case InspectorProblem.NotAStation:
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InspectedIsNotStation, location, inspector, station));
                    break;
                case InspectorProblem.TypesDiffer:
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InspectorTypesDiffer, location, inspector, station, inspected.Input!.ToDisplayString(), inspected.Output!.ToDisplayString()));
                    break;
                case InspectorProblem.OutOfReach:
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InspectorOutOfReach, location, inspector, station, type.IsGenericType ? "it is generic" : "it, or a type it is nested in, is private or protected"));
                    break;
                case InspectorProblem.None:
                    wired.Enqueue((type, inspected));
                    break;
            }
        }
    }

    /// <summary>Notes the stations <paramref name="line"/> runs itself (steps and route targets; a nested line notes its own).</summary>
    private static void NoteStations(INamedTypeSymbol line, KnownSymbols known, ConcurrentDictionary<ITypeSymbol, bool> run)
    {
        foreach (LineStepInfo step in LineSteps.Read(line, known))
        {
            if (step.Kind == StepKind.Station)
            {
                run[step.Type] = true;
            }

            foreach (RouteInfo route in step.Routes)
            {
                if (route.Kind == StepKind.Station)
                {
                    run[route.Target] = true;
                }
            }
        }
    }

    private static void ReportAtEnd(
        CompilationAnalysisContext context,
        ConcurrentDictionary<ITypeSymbol, bool> run,
        ConcurrentDictionary<ITypeSymbol, string> distributed,
        ConcurrentQueue<(INamedTypeSymbol Inspector, InspectedStation Station)> wired)
    {
        foreach ((INamedTypeSymbol inspector, InspectedStation inspected) in wired)
        {
            Location location = SyntaxLocations.Attribute(inspected.Attribute, context.CancellationToken);
            string station = inspected.Station.ToDisplayString();
            if (!run.ContainsKey(inspected.Station))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InspectedStationOnNoLine, location, inspector.ToDisplayString(), station));
            }
            else if (distributed.TryGetValue(inspected.Station, out string? line))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InspectorOnDistributedLine, location, inspector.ToDisplayString(), station, line));
            }
        }
    }
}
