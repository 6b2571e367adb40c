using System.Collections.Immutable;
using System.Threading;
using Factory.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Factory.Analyzers;

/// <summary>
/// Checks each <c>[Station]</c>: exactly one work method (FCT0002, FCT0003) of a supported shape
/// (FCT0008), options in range (FCT0005, thinking units' too), and batch options exactly when the work method takes and
/// returns lists (FCT0016, FCT0017). Reads stations with the generator's own <see cref="WorkMethod"/>
/// and <see cref="StationOptionsReader"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>How a work method is named in messages: <c>Process(Ticket, CancellationToken)</c>.</summary>
    internal static readonly SymbolDisplayFormat MethodFormat = new(
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeParamsRefOut,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MissingWorkMethod,
        DiagnosticDescriptors.AmbiguousWorkMethod,
        DiagnosticDescriptors.OptionOutOfRange,
        DiagnosticDescriptors.UnsupportedWorkMethod,
        DiagnosticDescriptors.BatchOptionsWithoutBatchMethod,
        DiagnosticDescriptors.BatchMethodWithoutBatchSize);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            KnownSymbols known = KnownSymbols.From(start.Compilation);
            if (!known.IsFactoryReferenced)
            {
                return;
            }

            start.RegisterSymbolAction(symbol => Analyze(symbol, known), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        var station = (INamedTypeSymbol)context.Symbol;
        AttributeData? attribute = known.StationAttributeOf(station);
        if (attribute is null)
        {
            // A thinking unit takes every station option too; its work method is ThinkingUnitAnalyzer's.
            if (known.ThinkingUnitAttributeOf(station) is { } unit)
            {
                ReportOptions(context, station, unit, StationOptionsReader.Read(unit));
            }

            return;
        }

        WorkMethod work = WorkMethod.Read(station, known);
        StationOptionsReader options = StationOptionsReader.Read(attribute);
        ReportWorkMethod(context, station, attribute, work);
        ReportOptions(context, station, attribute, options);
        ReportBatch(context, station, attribute, work, options);
    }

    private static void ReportWorkMethod(SymbolAnalysisContext context, INamedTypeSymbol station, AttributeData attribute, WorkMethod work)
    {
        CancellationToken cancellationToken = context.CancellationToken;
        switch (work.Problem)
        {
            case WorkMethodProblem.Missing:
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MissingWorkMethod,
                    SyntaxLocations.ClassIdentifier(station, attribute, cancellationToken),
                    station.ToDisplayString()));
                break;

            case WorkMethodProblem.Ambiguous:
                // The first one declared is the work method; every other one is the mistake.
                string first = work.Candidates[0].ToDisplayString(MethodFormat);
                for (int i = 1; i < work.Candidates.Length; i++)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.AmbiguousWorkMethod,
                        Identifier(work.Candidates[i]),
                        station.ToDisplayString(),
                        first));
                }

                break;

            case WorkMethodProblem.UnsupportedShape:
                IMethodSymbol method = work.Candidates[0];
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.UnsupportedWorkMethod,
                    Identifier(method),
                    method.ToDisplayString(MethodFormat),
                    station.ToDisplayString(),
                    work.Reason));
                break;
        }
    }

    private static void ReportOptions(SymbolAnalysisContext context, INamedTypeSymbol station, AttributeData attribute, StationOptionsReader options)
    {
        foreach (OptionProblem problem in options.Problems)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.OptionOutOfRange,
                SyntaxLocations.NamedArgument(attribute, problem.Option, context.CancellationToken),
                station.ToDisplayString(),
                problem.Option,
                problem.Value,
                problem.Rule));
        }
    }

    /// <summary>Batch options need a batch work method (FCT0016), and a batch work method needs BatchSize (FCT0017).</summary>
    private static void ReportBatch(SymbolAnalysisContext context, INamedTypeSymbol station, AttributeData attribute, WorkMethod work, StationOptionsReader options)
    {
        // A missing, ambiguous or unsupported work method is reported already.
        if (work.Method is not { } method)
        {
            return;
        }

        if (!work.IsBatch)
        {
            foreach (string option in options.BatchOptions)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.BatchOptionsWithoutBatchMethod,
                    SyntaxLocations.NamedArgument(attribute, option, context.CancellationToken),
                    station.ToDisplayString(),
                    option,
                    method.ToDisplayString(MethodFormat)));
            }
        }
        else if (!options.HasBatchSize)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BatchMethodWithoutBatchSize,
                Identifier(method),
                method.ToDisplayString(MethodFormat),
                station.ToDisplayString()));
        }
    }

    private static Location Identifier(IMethodSymbol method) =>
        method.Locations.Length > 0 ? method.Locations[0] : Location.None;
}
