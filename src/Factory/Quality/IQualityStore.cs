using System;
using System.Collections.Generic;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Quality;

/// <summary>
/// Quality control in the ledger (<see cref="Ledger.ILedger.Quality"/>): the review queue of sampled
/// outputs, people's reviews of them, and defect rates per station version and tenant over everything
/// inspected (reviews and automatic inspectors' verdicts). Each review is audited.
/// </summary>
public interface IQualityStore
{
    /// <summary>The samples <paramref name="query"/> asks for, oldest first.</summary>
    Task<IReadOnlyList<ReviewItem>> ListReviewsAsync(ReviewQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>One sample, or null when there is none with that id.</summary>
    Task<ReviewItem?> GetReviewAsync(long sampleId, CancellationToken cancellationToken = default);

    /// <summary>Records <paramref name="reviewer"/>'s verdict on sample <paramref name="sampleId"/> (once: a second review is refused).</summary>
    /// <exception cref="InvalidOperationException">No such sample, or it was reviewed already.</exception>
    Task<ReviewItem> ReviewAsync(long sampleId, string reviewer, InspectionResult result, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a defect with the output the station should have given: <paramref name="corrected"/> must be
    /// of the sample's output type and pass <paramref name="validate"/> (which returns why it is wrong, or null).
    /// </summary>
    /// <exception cref="ArgumentException">The corrected output is of another type, or not valid, or the verdict is not a defect.</exception>
    Task<ReviewItem> ReviewAsync<TOut>(long sampleId, string reviewer, InspectionResult result, TOut corrected, JsonTypeInfo<TOut> type, Func<TOut, string?>? validate = null, CancellationToken cancellationToken = default);

    /// <summary>Defect rates per tenant, station and station version (and window), with their Wilson 95% intervals.</summary>
    Task<IReadOnlyList<DefectRate>> DefectRatesAsync(DefectRateQuery? query = null, CancellationToken cancellationToken = default);
}
