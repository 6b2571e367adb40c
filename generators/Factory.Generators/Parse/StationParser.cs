using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Factory.Generators.Analysis;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Parse;

/// <summary>
/// Turns a <c>[Station]</c> class into a <see cref="StationModel"/>, or null when it is invalid (the
/// analyzers report why; the generator stays silent).
/// </summary>
internal static class StationParser
{
    public static StationModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol station || !Eligible.IsPartialAndSupported(station, context.TargetNode))
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        KnownSymbols known = KnownSymbols.From(context.SemanticModel.Compilation);
        WorkMethod work = WorkMethod.Read(station, known);
        AttributeData attribute = context.Attributes[0];
        StationOptionsReader options = StationOptionsReader.Read(attribute);
        if (!IsValid(work, options))
        {
            return null;
        }

        return new StationModel(
            TypeDeclarationReader.Read(station),
            options.Name ?? station.Name,
            options.Version,
            Names.FullyQualified(work.Input!),
            Names.FullyQualified(work.Output!),
            Names.Display(work.Input!),
            Names.Display(work.Output!),
            work.Shape,
            work.Method!.Name,
            work.Extras.Select(e => e == WorkParameter.Context ? "context" : "cancellationToken").ToEquatableArray(),
            new OptionsModel(options.Parallelism, options.Capacity, options.Ordered, options.MaxAttempts, options.BackoffMs, options.TimeoutMs, options.BatchSize, options.BatchWaitMs),
            options.Requires.ToEquatableArray(),
            ConstructorReader.Read(station),
            work.IsBatch,
            SensitiveReader.Redaction(work.Input!));
    }

    /// <summary>
    /// True when the generator emits a station: a supported work method, options in range, and batch
    /// options exactly when the work method takes and gives lists (with a BatchSize).
    /// </summary>
    public static bool IsValid(WorkMethod work, StationOptionsReader options) =>
        work.IsValid
        && options.IsValid
        && work.IsBatch == options.HasBatchOptions
        && (!work.IsBatch || options.BatchSize > 0);
}
