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

        return StationModelBuilder.Build(station, work, options, ConstructorReader.Read(station));
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
