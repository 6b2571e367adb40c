using System.Threading;
using Factory.Generators.Analysis;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Parse;

/// <summary>
/// Turns a <c>[Gate&lt;T&gt;]</c> class into a <see cref="GateModel"/>, or null when it is invalid (the
/// analyzers report why; the generator stays silent).
/// </summary>
internal static class GateParser
{
    public static GateModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || !Eligible.IsPartialAndSupported(type, context.TargetNode))
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        KnownSymbols known = KnownSymbols.From(context.SemanticModel.Compilation);
        GateInfo? gate = GateInfo.Read(type, known);
        if (gate is null || !gate.IsValid || known.DecisionOf(gate.Payload) is not { } decision)
        {
            return null;
        }

        var station = new StationModel(
            TypeDeclarationReader.Read(type),
            string.IsNullOrEmpty(gate.Name) ? type.Name : gate.Name!,
            gate.Version.Trim().Length == 0 ? StationDefaults.Version : gate.Version,
            Names.Type(gate.Payload),
            Names.Type(decision),
            Names.Display(gate.Payload),
            Names.Display(decision),
            WorkShape.Gate,
            GateInfo.PresentName,
            EquatableArray<WorkParameter>.Empty,
            new OptionsModel(StationDefaults.Parallelism, StationDefaults.Capacity, StationDefaults.Ordered, StationDefaults.MaxAttempts, StationDefaults.BackoffMs, StationDefaults.TimeoutMs, StationDefaults.BatchSize, StationDefaults.BatchWaitMs),
            EquatableArray<string>.Empty,
            ConstructorReader.Read(type),
            IsBatch: false,
            SensitiveReader.Read(gate.Payload))
        {
            Effects = EquatableArray<string>.Empty,
            CodeHash = StationCode.Hash(type),
        };
        return new GateModel(
            station,
            gate.Approvers.ToEquatableArray(),
            gate.HasTimeout ? gate.TimeoutMinutes : 0,
            gate.OnTimeout,
            gate.FourEyes,
            gate.Present is not null,
            AnnotationReader.Read(gate.Payload));
    }
}
