using System.Collections.Immutable;
using Factory.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Factory.Analyzers;

/// <summary>
/// Checks each <c>[Line]</c>: it has steps (FCT0006), every step is a station or a line (FCT0007),
/// and each step takes what the step before it gives (FCT0001). Reads lines with the generator's own
/// <see cref="LineSteps"/>: a step whose types cannot be known (a broken station or nested line) is
/// reported where it is broken, not again here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LineAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.StepTypeMismatch,
        DiagnosticDescriptors.LineWithoutSteps,
        DiagnosticDescriptors.StepIsNotStationOrLine);

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
        var line = (INamedTypeSymbol)context.Symbol;
        AttributeData? attribute = known.LineAttributeOf(line);
        if (attribute is null)
        {
            return;
        }

        ImmutableArray<LineStepInfo> steps = LineSteps.Read(line, known);
        if (steps.Length == 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.LineWithoutSteps,
                SyntaxLocations.ClassIdentifier(line, attribute, context.CancellationToken),
                line.ToDisplayString()));
            return;
        }

        for (int i = 0; i < steps.Length; i++)
        {
            LineStepInfo step = steps[i];
            if (step.Kind == StepKind.Other)
            {
                ReportNotAStep(context, line, step);
            }
            else if (i > 0)
            {
                ReportMismatch(context, line, steps[i - 1], step, known);
            }
        }
    }

    private static void ReportNotAStep(SymbolAnalysisContext context, INamedTypeSymbol line, LineStepInfo step)
    {
        // A type that does not exist is the compiler's error already.
        if (step.Type.TypeKind == TypeKind.Error)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.StepIsNotStationOrLine,
            SyntaxLocations.Attribute(step.Attribute, context.CancellationToken),
            step.Type.ToDisplayString(),
            line.ToDisplayString()));
    }

    private static void ReportMismatch(SymbolAnalysisContext context, INamedTypeSymbol line, LineStepInfo previous, LineStepInfo step, KnownSymbols known)
    {
        // Unknown types mean the previous step or this one is broken, and reported where it is.
        if (previous.FlowOutput is null || step.Input is null || LineSteps.Accepts(step.Input, previous.FlowOutput, known))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.StepTypeMismatch,
            SyntaxLocations.Attribute(step.Attribute, context.CancellationToken),
            step.Type.ToDisplayString(),
            line.ToDisplayString(),
            step.Input.ToDisplayString(),
            previous.Type.ToDisplayString(),
            previous.FlowOutput.ToDisplayString()));
    }
}
