using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Factory.Quality;

namespace Factory.Cli.Quality;

/// <summary>
/// The output types an application's own <c>factory</c> entry point can record corrected outputs of
/// (<c>factory reviews defect ID --corrected JSON</c> or <c>--set Field=Value</c>), by type. The ledger
/// keeps a correction typed and validated, so only a process that has the type can read one: the
/// <c>factory</c> tool has none and records defects without a correction.
/// </summary>
public sealed class ReviewCorrections
{
    private readonly Dictionary<string, ReviewCorrection> types = new(StringComparer.Ordinal);

    /// <summary>Lets corrected outputs of <typeparamref name="TOut"/> be recorded, read with <paramref name="type"/> and checked by <paramref name="validate"/> (why it is wrong, or null).</summary>
    public ReviewCorrections Add<TOut>(JsonTypeInfo<TOut> type, Func<TOut, string?>? validate = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        types[typeof(TOut).FullName!] = new ReviewCorrection<TOut>(type, validate);
        return this;
    }

    internal ReviewCorrection? Find(string outputType) => types.TryGetValue(outputType, out ReviewCorrection? correction) ? correction : null;
}

/// <summary>One registered output type's correction, its type hidden.</summary>
internal abstract class ReviewCorrection
{
    /// <summary>Reads <paramref name="json"/> as the output type and records the defect with it.</summary>
    public abstract Task<ReviewItem> ReviewAsync(IQualityStore quality, long sampleId, string reviewer, InspectionResult result, string json, CancellationToken cancellationToken);
}

internal sealed class ReviewCorrection<TOut>(JsonTypeInfo<TOut> type, Func<TOut, string?>? validate) : ReviewCorrection
{
    public override Task<ReviewItem> ReviewAsync(IQualityStore quality, long sampleId, string reviewer, InspectionResult result, string json, CancellationToken cancellationToken)
    {
        TOut corrected;
        try
        {
            corrected = JsonSerializer.Deserialize(json, type)!;
        }
        catch (JsonException error)
        {
            throw CliException.Usage($"The corrected output is not a {typeof(TOut).FullName} in JSON: {error.Message}");
        }

        return quality.ReviewAsync(sampleId, reviewer, result, corrected, type, validate, cancellationToken);
    }
}
