using System;
using System.Collections.Immutable;
using Factory.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Factory.Analyzers;

/// <summary>
/// Checks gates and what they guard: a station with <c>Effects</c> that a line reaches before any gate
/// (FCT0025, with the path), a gate whose payload type no <c>JsonSerializerContext</c> lists (FCT0026),
/// a gate without approvers (FCT0027) or without a timeout (FCT0028, a warning: only a job's deadline,
/// which is known at run time, would end the wait). Reads gates with the generator's own <see cref="GateInfo"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GateAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UngatedEffect,
        DiagnosticDescriptors.GatePayloadWithoutJsonTypeInfo,
        DiagnosticDescriptors.GateWithoutApprovers,
        DiagnosticDescriptors.GateWithoutTimeout);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            KnownSymbols known = KnownSymbols.From(start.Compilation);
            if (!known.IsFactoryReferenced || known.GateAttribute is null)
            {
                return;
            }

            Compilation compilation = start.Compilation;
            var contexts = new Lazy<ImmutableArray<INamedTypeSymbol>>(() => JsonContexts.All(compilation, known));
            start.RegisterSymbolAction(symbol => Analyze(symbol, known, contexts), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known, Lazy<ImmutableArray<INamedTypeSymbol>> contexts)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (GateInfo.Read(type, known) is { } gate)
        {
            AnalyzeGate(context, type, gate, known, contexts);
        }

        if (known.LineAttributeOf(type) is { } line)
        {
            AnalyzeLine(context, type, line, known);
        }
    }

    private static void AnalyzeGate(SymbolAnalysisContext context, INamedTypeSymbol type, GateInfo gate, KnownSymbols known, Lazy<ImmutableArray<INamedTypeSymbol>> contexts)
    {
        string name = type.ToDisplayString();
        if (gate.Approvers.IsEmpty)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.GateWithoutApprovers,
                SyntaxLocations.NamedArgument(gate.Attribute, nameof(GateAttribute.Approvers), context.CancellationToken),
                name));
        }

        if (!gate.HasTimeout)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.GateWithoutTimeout,
                SyntaxLocations.ClassIdentifier(type, gate.Attribute, context.CancellationToken),
                name));
        }

        if (gate.Payload.TypeKind != TypeKind.Error && known.JsonSerializerContext is not null && JsonContexts.For(gate.Payload, contexts.Value, known) is null)
        {
            string payload = gate.Payload.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString();
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.GatePayloadWithoutJsonTypeInfo,
                SyntaxLocations.Attribute(gate.Attribute, context.CancellationToken),
                ImmutableDictionary<string, string?>.Empty
                    .Add(ThinkingUnitAnalyzer.OutputTypeProperty, gate.Payload.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                    .Add(ThinkingUnitAnalyzer.OutputNameProperty, payload),
                payload,
                name));
        }
    }

    private static void AnalyzeLine(SymbolAnalysisContext context, INamedTypeSymbol line, AttributeData attribute, KnownSymbols known)
    {
        foreach (Ungated ungated in GatePaths.Find(line, known))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.UngatedEffect,
                SyntaxLocations.ClassIdentifier(line, attribute, context.CancellationToken),
                ungated.Station.ToDisplayString(),
                string.Join(", ", ungated.Effects),
                line.ToDisplayString(),
                "entry -> " + string.Join(" -> ", ungated.Path)));
        }
    }
}
