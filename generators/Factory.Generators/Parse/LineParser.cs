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
        LineWiring wiring = LineSteps.ReadWiring(line, known);
        ImmutableArray<LineStepInfo> steps = wiring.Steps;
        if (!wiring.DanglingRoutes.IsEmpty
            || !LineSteps.IsWellWired(steps, known, context.SemanticModel.Compilation)
            || LineSteps.Types(line, known).Input is null)
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
            if (argument.Key == nameof(LineAttribute.Name) && argument.Value.Value is string text && text.Trim().Length > 0)
            {
                name = text;
            }
        }

        return new LineModel(
            TypeDeclarationReader.Read(line),
            name ?? line.Name,
            Names.Type(steps[0].Input!),
            Names.Type(steps[steps.Length - 1].FlowOutput!),
            ReadSteps(steps, known),
            Names.IsVisibleOutside(line),
            ConstructorIsPublic: Targets(steps).All(type => type is INamedTypeSymbol named && Names.IsPublic(named)));
    }

    /// <summary>Every station and line the line's constructor takes: steps and route targets, in attribute order.</summary>
    private static IEnumerable<ITypeSymbol> Targets(ImmutableArray<LineStepInfo> steps)
    {
        foreach (LineStepInfo step in steps)
        {
            yield return step.Type;
            foreach (RouteInfo route in step.Routes)
            {
                if (route.Kind != StepKind.Discard)
                {
                    yield return route.Target;
                }
            }
        }
    }

    private static EquatableArray<StepModel> ReadSteps(ImmutableArray<LineStepInfo> steps, KnownSymbols known)
    {
        var names = new ParameterNames();
        ImmutableArray<StepModel>.Builder models = ImmutableArray.CreateBuilder<StepModel>(steps.Length);
        foreach (LineStepInfo step in steps)
        {
            TargetModel target = Target(step.Type, step.Kind, step.Input!, step.Output!, known, names);
            ImmutableArray<RouteModel>.Builder routes = ImmutableArray.CreateBuilder<RouteModel>(step.Routes.Length);
            foreach (RouteInfo route in step.Routes)
            {
                routes.Add(new RouteModel(
                    Names.Type(route.CaseType),
                    Names.Display(route.CaseType),
                    route.Kind == StepKind.Discard ? null : Target(route.Target, route.Kind, route.Input!, route.Output!, known, names)));
            }

            ITypeSymbol? gathered = known.GatheredItem(step.Input);
            models.Add(new StepModel(
                target,
                Names.Type(step.Output!),
                gathered is null ? null : Names.Type(gathered),
                new EquatableArray<RouteModel>(routes.ToImmutable()),
                Names.Type(step.FlowOutput!),
                step.Routes.Length == 0 ? Redaction.None : SensitiveReader.Read(step.Output!)));
        }

        return new EquatableArray<StepModel>(models.ToImmutable());
    }

    private static TargetModel Target(ITypeSymbol type, StepKind kind, ITypeSymbol input, ITypeSymbol output, KnownSymbols known, ParameterNames names)
    {
        bool isBatch = kind == StepKind.Station && type is INamedTypeSymbol station && WorkMethod.Read(station, known).IsBatch;
        return new TargetModel(
            kind == StepKind.Line,
            isBatch,
            Names.Type(type),
            names.Next(type.Name),
            Names.Type(input),
            Names.Type(output),
            IsGate: kind == StepKind.Station && known.IsGate(type));
    }

    /// <summary>camelCase names for the constructor's parameters, numbered when a type repeats.</summary>
    private sealed class ParameterNames
    {
        private readonly Dictionary<string, int> used = new();

        public string Next(string typeName)
        {
            string parameter = Names.CamelCase(typeName);
            used[parameter] = used.TryGetValue(parameter, out int count) ? count + 1 : 1;
            return used[parameter] > 1
                ? parameter + used[parameter].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : parameter;
        }
    }
}
