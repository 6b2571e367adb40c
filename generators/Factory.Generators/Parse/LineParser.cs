using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Factory.Generators.Analysis;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Parse;

/// <summary>
/// Turns a <c>[Line]</c> class into a <see cref="LineModel"/>, or null when it is miswired (the
/// analyzers report why; the generator stays silent).
/// </summary>
internal static class LineParser
{
    public static LineModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol line || !Eligible.IsPartialAndSupported(line, context.TargetNode))
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        KnownSymbols known = KnownSymbols.From(context.SemanticModel.Compilation);
        ImmutableArray<LineStepInfo> steps = LineSteps.Read(line, known);
        if (!LineSteps.IsWellWired(steps) || LineSteps.Types(line, known).Input is null)
        {
            return null;
        }

        foreach (LineStepInfo step in steps)
        {
            if (!Eligible.IsGeneratedStep(step, known, cancellationToken))
            {
                return null;
            }
        }

        string? name = null;
        foreach (KeyValuePair<string, TypedConstant> argument in context.Attributes[0].NamedArguments)
        {
            if (argument.Key == "Name" && argument.Value.Value is string text && text.Trim().Length > 0)
            {
                name = text;
            }
        }

        return new LineModel(
            TypeDeclarationReader.Read(line),
            name ?? line.Name,
            Names.FullyQualified(steps[0].Input!),
            Names.FullyQualified(steps[steps.Length - 1].Output!),
            ReadSteps(steps),
            Names.IsVisibleOutside(line),
            steps.All(step => step.Type is INamedTypeSymbol type && Names.IsPublic(type)) ? "public" : "internal");
    }

    private static EquatableArray<StepModel> ReadSteps(ImmutableArray<LineStepInfo> steps)
    {
        var used = new Dictionary<string, int>();
        ImmutableArray<StepModel>.Builder models = ImmutableArray.CreateBuilder<StepModel>(steps.Length);
        foreach (LineStepInfo step in steps)
        {
            string parameter = Names.CamelCase(step.Type.Name);
            used[parameter] = used.TryGetValue(parameter, out int count) ? count + 1 : 1;
            if (used[parameter] > 1)
            {
                parameter += used[parameter].ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            models.Add(new StepModel(
                step.Kind == StepKind.Line,
                Names.FullyQualified(step.Type),
                parameter,
                Names.FullyQualified(step.Input!),
                Names.FullyQualified(step.Output!)));
        }

        return new EquatableArray<StepModel>(models.ToImmutable());
    }
}
