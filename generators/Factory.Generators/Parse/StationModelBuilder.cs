using Factory.Generators.Analysis;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Parse;

/// <summary>
/// Builds the station half of a <c>[Station]</c> or a <c>[ThinkingUnit]</c> (a thinking unit is a
/// station): one place that turns a work method and its options into a <see cref="StationModel"/>.
/// </summary>
internal static class StationModelBuilder
{
    /// <summary>The model of <paramref name="station"/>, whose work method and options are valid.</summary>
    public static StationModel Build(INamedTypeSymbol station, WorkMethod work, StationOptionsReader options, ConstructorModel? constructor) =>
        new(
            TypeDeclarationReader.Read(station),
            options.Name ?? station.Name,
            options.Version,
            Names.Type(work.Input!),
            Names.Type(work.Output!),
            Names.Display(work.Input!),
            Names.Display(work.Output!),
            work.Shape,
            work.Method!.Name,
            work.Extras.ToEquatableArray(),
            new OptionsModel(options.Parallelism, options.Capacity, options.Ordered, options.MaxAttempts, options.BackoffMs, options.TimeoutMs, options.BatchSize, options.BatchWaitMs),
            options.Requires.ToEquatableArray(),
            constructor,
            work.IsBatch,
            SensitiveReader.Read(work.Input!))
        {
            Effects = options.Effects.ToEquatableArray(),
            CodeHash = StationCode.Hash(station),
            OutputRedaction = SensitiveReader.Read(work.Output!),
        };
}
