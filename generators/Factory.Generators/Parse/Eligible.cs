using System.Threading;
using Factory.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Factory.Generators.Parse;

/// <summary>Whether the generator can add to a type at all: partial (with partial containers) and not generic.</summary>
internal static class Eligible
{
    public static bool IsPartialAndSupported(INamedTypeSymbol type, SyntaxNode node)
    {
        if (type.IsGenericType || node is not TypeDeclarationSyntax declaration || !IsPartial(declaration))
        {
            return false;
        }

        for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax outer; parent = outer.Parent)
        {
            if (!IsPartial(outer))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a line's step gets generated code. The line's code calls into it (<c>StationWork</c>,
    /// <c>Descriptor</c>, <c>AppendTo</c>), so a line over a step the generator skipped must be skipped
    /// too, or its generated file would not compile. Assumes the line is well wired, which rules out cycles.
    /// </summary>
    public static bool IsGeneratedStep(LineStepInfo step, KnownSymbols known, CancellationToken cancellationToken)
    {
        if (!IsGeneratedTarget(step.Type, step.Kind, known, cancellationToken))
        {
            return false;
        }

        foreach (RouteInfo route in step.Routes)
        {
            if (route.Kind != StepKind.Discard && !IsGeneratedTarget(route.Target, route.Kind, known, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the generator emits (or emitted, for a referenced assembly) the members a line calls on this station or line.</summary>
    public static bool IsGeneratedTarget(ITypeSymbol target, StepKind kind, KnownSymbols known, CancellationToken cancellationToken)
    {
        if (target is not INamedTypeSymbol type || kind is not (StepKind.Station or StepKind.Line))
        {
            return false;
        }

        if (type.DeclaringSyntaxReferences.IsEmpty)
        {
            // From a referenced assembly: it was compiled with its generated members, or without them.
            return kind == StepKind.Station
                ? type.GetTypeMembers(known.IsGate(type) ? "GateWork" : "StationWork").Length > 0
                : type.GetMembers("AppendTo").Length > 0;
        }

        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            // The generator's syntax predicate takes classes only.
            SyntaxNode node = reference.GetSyntax(cancellationToken);
            if (node is not ClassDeclarationSyntax || !IsPartialAndSupported(type, node))
            {
                return false;
            }
        }

        if (kind == StepKind.Station)
        {
            if (GateInfo.Read(type, known) is { } gate)
            {
                return gate.IsValid;
            }

            if (known.ThinkingUnitAttributeOf(type) is { } unit)
            {
                return ThinkingUnitInfo.Read(type, unit, known, compilation: null).IsValid
                    && StationOptionsReader.Read(unit).IsValid;
            }

            return known.StationAttributeOf(type) is { } attribute
                && StationParser.IsValid(WorkMethod.Read(type, known), StationOptionsReader.Read(attribute));
        }

        foreach (LineStepInfo inner in LineSteps.Read(type, known))
        {
            if (!IsGeneratedStep(inner, known, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPartial(TypeDeclarationSyntax declaration) => declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
}
