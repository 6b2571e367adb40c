using System.Collections.Immutable;
using Factory.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Factory.Analyzers;

/// <summary>
/// Checks each <c>[Distributed&lt;TContext&gt;]</c> line: every material type that crosses the broker
/// (<see cref="DistributedMaterials"/>) is listed by <c>[JsonSerializable]</c> on TContext (FCT0029),
/// one diagnostic per missing type, so the run-time check in <c>LinePlan.Check</c> never has to refuse it;
/// and no part of it is one that does not run distributed yet (FCT0030), so <c>Start</c> never has to refuse it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DistributedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The property that names the context the code fix adds to (its fully qualified name).</summary>
    public const string ContextProperty = "Context";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.DistributedMaterialNotListed,
        DiagnosticDescriptors.DistributedPartNotSupported);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            KnownSymbols known = KnownSymbols.From(start.Compilation);
            if (known.IsFactoryReferenced && known.DistributedAttribute is not null && known.JsonSerializableAttribute is not null)
            {
                start.RegisterSymbolAction(symbol => Analyze(symbol, known), SymbolKind.NamedType);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        var line = (INamedTypeSymbol)context.Symbol;
        if (known.LineAttributeOf(line) is null
            || known.DistributedAttributeOf(line) is not { AttributeClass.TypeArguments.Length: 1 } attribute
            || attribute.AttributeClass.TypeArguments[0] is not INamedTypeSymbol { TypeKind: not TypeKind.Error } jsonContext)
        {
            return;
        }

        DistributedMaterials crossing = DistributedMaterials.Of(line, known);
        foreach (string part in crossing.NotDistributed)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.DistributedPartNotSupported,
                SyntaxLocations.Attribute(attribute, context.CancellationToken),
                line.ToDisplayString(),
                part));
        }

        ImmutableArray<INamedTypeSymbol> contexts = ImmutableArray.Create(jsonContext);
        string contextName = jsonContext.ToDisplayString();
        foreach (CrossingMaterial material in crossing.Materials)
        {
            if (JsonContexts.For(material.Type, contexts, known) is not null)
            {
                continue;
            }

            string name = material.Type.ToDisplayString();
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.DistributedMaterialNotListed,
                SyntaxLocations.Attribute(attribute, context.CancellationToken),
                ImmutableDictionary<string, string?>.Empty
                    .Add(ThinkingUnitAnalyzer.OutputTypeProperty, material.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                    .Add(ThinkingUnitAnalyzer.OutputNameProperty, name)
                    .Add(ContextProperty, jsonContext.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)),
                line.ToDisplayString(),
                contextName,
                name,
                material.Where));
        }
    }
}
