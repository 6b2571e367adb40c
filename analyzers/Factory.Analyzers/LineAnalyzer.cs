using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Factory.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Factory.Analyzers;

/// <summary>
/// Checks each <c>[Line]</c>: it has steps (FCT0006), every step and route target is a station or a
/// line (FCT0007), each step takes what flows from the one before it (FCT0001), routes follow a step
/// (FCT0015), take cases of the routed type (FCT0012) that their targets can take (FCT0011), cover
/// every concrete case (FCT0010) and merge into one type (FCT0013), a gather has a split before it
/// (FCT0018), and the line does not contain itself (FCT0014). Reads lines with the generator's own
/// <see cref="LineSteps"/> and <see cref="RouteCoverage"/>: a step whose types cannot be known (a
/// broken station or nested line) is reported where it is broken, not again here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LineAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.StepTypeMismatch,
        DiagnosticDescriptors.LineWithoutSteps,
        DiagnosticDescriptors.StepIsNotStationOrLine,
        DiagnosticDescriptors.RoutesNotExhaustive,
        DiagnosticDescriptors.RouteTargetCannotTakeCase,
        DiagnosticDescriptors.RouteCaseNotRoutedType,
        DiagnosticDescriptors.BranchOutputsDiffer,
        DiagnosticDescriptors.LineContainsItself,
        DiagnosticDescriptors.RouteWithoutStep,
        DiagnosticDescriptors.GatherWithoutSplit);

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

            // The compilation's concrete types, read once and only if some line has routes.
            Compilation compilation = start.Compilation;
            var concreteTypes = new Lazy<ImmutableArray<INamedTypeSymbol>>(
                () => RouteCoverage.ConcreteTypes(compilation, start.CancellationToken));
            var lines = new LineContext(known, compilation, concreteTypes);
            start.RegisterSymbolAction(symbol => Analyze(symbol, lines), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, LineContext lines)
    {
        var line = (INamedTypeSymbol)context.Symbol;
        AttributeData? attribute = lines.Known.LineAttributeOf(line);
        if (attribute is null)
        {
            return;
        }

        ReportCycle(context, line, attribute, lines.Known);
        LineWiring wiring = LineSteps.ReadWiring(line, lines.Known);
        foreach (RouteInfo route in wiring.DanglingRoutes)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RouteWithoutStep,
                SyntaxLocations.Attribute(route.Attribute, context.CancellationToken),
                route.CaseType.ToDisplayString(),
                route.Target.ToDisplayString(),
                line.ToDisplayString()));
        }

        ImmutableArray<LineStepInfo> steps = wiring.Steps;
        if (steps.Length == 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.LineWithoutSteps,
                SyntaxLocations.ClassIdentifier(line, attribute, context.CancellationToken),
                line.ToDisplayString()));
            return;
        }

        bool splitBefore = false;
        for (int i = 0; i < steps.Length; i++)
        {
            LineStepInfo step = steps[i];
            if (step.Kind == StepKind.Other)
            {
                ReportNotAStationOrLine(context, line, "Step", step.Type, step.Attribute);
            }
            else
            {
                if (i > 0)
                {
                    ReportMismatch(context, line, steps[i - 1], step, lines.Known);
                }

                ReportGatherWithoutSplit(context, line, step, splitBefore, lines.Known);
            }

            if (!step.Routes.IsEmpty)
            {
                ReportRoutes(context, line, step, lines);
            }

            splitBefore |= step.Splits;
        }
    }

    private static void ReportCycle(SymbolAnalysisContext context, INamedTypeSymbol line, AttributeData attribute, KnownSymbols known)
    {
        ImmutableArray<INamedTypeSymbol> cycle = LineSteps.FindCycle(line, known);
        if (cycle.IsEmpty)
        {
            return;
        }

        var names = new List<string>(cycle.Length);
        foreach (INamedTypeSymbol member in cycle)
        {
            names.Add(member.ToDisplayString());
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.LineContainsItself,
            SyntaxLocations.ClassIdentifier(line, attribute, context.CancellationToken),
            line.ToDisplayString(),
            string.Join(" -> ", names)));
    }

    private static void ReportNotAStationOrLine(SymbolAnalysisContext context, INamedTypeSymbol line, string role, ITypeSymbol type, AttributeData attribute)
    {
        // A type that does not exist is the compiler's error already.
        if (type.TypeKind == TypeKind.Error)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.StepIsNotStationOrLine,
            SyntaxLocations.Attribute(attribute, context.CancellationToken),
            role,
            type.ToDisplayString(),
            line.ToDisplayString()));
    }

    private static void ReportMismatch(SymbolAnalysisContext context, INamedTypeSymbol line, LineStepInfo previous, LineStepInfo step, KnownSymbols known)
    {
        // Unknown types mean the previous step or this one is broken, or the branches after the previous
        // step disagree (FCT0013): each is reported where it is.
        ITypeSymbol? flowing = previous.FlowOutput;
        if (flowing is null || step.Input is null || LineSteps.Accepts(step.Input, flowing, known))
        {
            return;
        }

        string from = previous.Routes.IsEmpty
            ? $"the previous step '{previous.Type.ToDisplayString()}' gives"
            : $"the routes after the previous step '{previous.Type.ToDisplayString()}' give";
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.StepTypeMismatch,
            SyntaxLocations.Attribute(step.Attribute, context.CancellationToken),
            step.Type.ToDisplayString(),
            line.ToDisplayString(),
            step.Input.ToDisplayString(),
            from,
            flowing.ToDisplayString()));
    }

    private static void ReportGatherWithoutSplit(SymbolAnalysisContext context, INamedTypeSymbol line, LineStepInfo step, bool splitBefore, KnownSymbols known)
    {
        if (splitBefore || step.Input is null || known.GatheredItem(step.Input) is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.GatherWithoutSplit,
            SyntaxLocations.Attribute(step.Attribute, context.CancellationToken),
            step.Type.ToDisplayString(),
            line.ToDisplayString(),
            step.Input.ToDisplayString()));
    }

    private static void ReportRoutes(SymbolAnalysisContext context, INamedTypeSymbol line, LineStepInfo step, LineContext lines)
    {
        ITypeSymbol? routed = step.Output is { TypeKind: not TypeKind.Error } output ? output : null;
        bool casesKnown = true;
        foreach (RouteInfo route in step.Routes)
        {
            if (route.CaseType.TypeKind == TypeKind.Error)
            {
                casesKnown = false;
                continue;
            }

            if (route.Kind == StepKind.Other)
            {
                ReportNotAStationOrLine(context, line, "Route target", route.Target, route.Attribute);
            }
            else if (route.Input is not null && !LineSteps.IsAssignable(route.CaseType, route.Input, lines.Compilation))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.RouteTargetCannotTakeCase,
                    SyntaxLocations.Attribute(route.Attribute, context.CancellationToken),
                    route.Target.ToDisplayString(),
                    line.ToDisplayString(),
                    route.Input.ToDisplayString(),
                    route.CaseType.ToDisplayString()));
            }

            if (routed is not null && !LineSteps.IsAssignable(route.CaseType, routed, lines.Compilation))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.RouteCaseNotRoutedType,
                    SyntaxLocations.Attribute(route.Attribute, context.CancellationToken),
                    route.CaseType.ToDisplayString(),
                    line.ToDisplayString(),
                    routed.ToDisplayString(),
                    step.Type.ToDisplayString()));
            }
        }

        ReportDifferentBranches(context, line, step);
        if (routed is not null && casesKnown)
        {
            ReportUncovered(context, line, step, routed, lines);
        }
    }

    private static void ReportDifferentBranches(SymbolAnalysisContext context, INamedTypeSymbol line, LineStepInfo step)
    {
        // FlowOutput is null when the branches disagree, or when a target's types are unknown (reported elsewhere).
        if (step.FlowOutput is not null)
        {
            return;
        }

        var branches = new List<string>();
        var targets = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (RouteInfo route in step.Routes)
        {
            if (route.Kind == StepKind.Discard)
            {
                continue;
            }

            if (route.Output is null)
            {
                return;
            }

            if (targets.Add(route.Target))
            {
                branches.Add($"'{route.Target.ToDisplayString()}' gives '{route.Output.ToDisplayString()}'");
            }
        }

        if (branches.Count < 2)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BranchOutputsDiffer,
            SyntaxLocations.Attribute(step.Attribute, context.CancellationToken),
            step.Type.ToDisplayString(),
            line.ToDisplayString(),
            Wording.List(branches)));
    }

    private static void ReportUncovered(SymbolAnalysisContext context, INamedTypeSymbol line, LineStepInfo step, ITypeSymbol routed, LineContext lines)
    {
        ImmutableArray<INamedTypeSymbol> uncovered = RouteCoverage.Uncovered(routed, step.Routes, lines.ConcreteTypes.Value, lines.Compilation);
        if (uncovered.IsEmpty)
        {
            return;
        }

        var names = new List<string>(uncovered.Length);
        foreach (INamedTypeSymbol type in uncovered)
        {
            names.Add(type.ToDisplayString());
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.RoutesNotExhaustive,
            SyntaxLocations.Attribute(step.Attribute, context.CancellationToken),
            step.Type.ToDisplayString(),
            line.ToDisplayString(),
            routed.ToDisplayString(),
            Wording.QuotedList(names)));
    }

    /// <summary>What every line of one compilation is checked against.</summary>
    private sealed class LineContext
    {
        public LineContext(KnownSymbols known, Compilation compilation, Lazy<ImmutableArray<INamedTypeSymbol>> concreteTypes)
        {
            Known = known;
            Compilation = compilation;
            ConcreteTypes = concreteTypes;
        }

        public KnownSymbols Known { get; }

        public Compilation Compilation { get; }

        public Lazy<ImmutableArray<INamedTypeSymbol>> ConcreteTypes { get; }
    }
}
