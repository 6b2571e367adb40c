using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Factory.Quality;

namespace Factory.Ledger.Relational;

/// <summary>
/// Quality control in a ledger (<see cref="ILedger.Quality"/>): the review queue the runs' samples fill
/// (written by the ledger's writer with the runs' other rows), reviews (one per sample, judged and
/// recorded in one transaction, audited), and defect rates counted from every verdict. In a tenant's
/// view (<paramref name="scope"/> given) every read and review is confined to that tenant's samples and
/// verdicts; another tenant's sample is not found, as if it did not exist.
/// </summary>
internal sealed class LedgerQuality(RelationalLedger ledger, string? scope = null) : IQualityStore
{
    public Task<IReadOnlyList<ReviewItem>> ListReviewsAsync(ReviewQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new ReviewQuery();
        var filter = new SqlFilter()
            .Equal("s.tenant", "@scope", scope)
            .Equal("s.tenant", "@tenant", query.Tenant)
            .Equal("s.run_id", "@run", query.RunId)
            .Equal("s.station", "@station", query.Station)
            .Equal("s.status", "@status", query.Status is { } status ? Status(status) : null);
        return ledger.Queries.QueryAsync(QualityRows.ItemSelect + " " + filter.Build("s.id", query.Limit, 0), QualityRows.ReadItem, cancellationToken, [.. filter.Parameters]);
    }

    public async Task<ReviewItem?> GetReviewAsync(long sampleId, CancellationToken cancellationToken = default)
    {
        var filter = new SqlFilter().Equal("s.id", "@id", sampleId).Equal("s.tenant", "@scope", scope);
        IReadOnlyList<ReviewItem> found = await ledger.Queries.QueryAsync(QualityRows.ItemSelect + " " + filter.Build("s.id", 1, 0), QualityRows.ReadItem, cancellationToken, [.. filter.Parameters]).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public Task<ReviewItem> ReviewAsync(long sampleId, string reviewer, InspectionResult result, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(sampleId, reviewer, result, null, cancellationToken));

    public Task<ReviewItem> ReviewAsync<TOut>(long sampleId, string reviewer, InspectionResult result, TOut corrected, JsonTypeInfo<TOut> type, Func<TOut, string?>? validate = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!result.IsDefect)
        {
            throw new ArgumentException($"Sample {sampleId}: a corrected output goes with a defect; the verdict is {result.Verdict}.", nameof(result));
        }

        if (validate?.Invoke(corrected) is { } wrong)
        {
            throw new ArgumentException($"Sample {sampleId}: the corrected output is not valid: {wrong}", nameof(corrected));
        }

        string json = JsonSerializer.Serialize(corrected, type);
        return Task.FromResult(Record(sampleId, reviewer, result, (json, typeof(TOut)), cancellationToken));
    }

    public Task<IReadOnlyList<DefectRate>> DefectRatesAsync(DefectRateQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new DefectRateQuery();
        if (query.Window is { } window && window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(query), window, "A defect rate's window must be longer than zero.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        using DbConnection connection = ledger.Store.OpenConnection();
        return Task.FromResult(DefectRates.Read(connection, ledger.Store, query, scope));
    }

    private ReviewItem Record(long sampleId, string reviewer, InspectionResult result, (string Json, Type Type)? corrected, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reviewer);
        cancellationToken.ThrowIfCancellationRequested();
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbTransaction transaction = ledger.Store.BeginWrite(connection, "sample:" + sampleId);
        ReviewItem item = Find(connection, transaction, sampleId)
            ?? throw new InvalidOperationException($"The ledger {ledger.Store.LedgerName} has no sample {sampleId} to review{(scope is null ? string.Empty : $" in tenant '{scope}'")}.");
        if (item.Review is { } done)
        {
            throw new InvalidOperationException($"Sample {sampleId} (station {item.Station}, run {item.RunId}) was reviewed by {done.Reviewer} at {Time.Text(done.Time)}; a sample is reviewed once.");
        }

        if (corrected is { } output && !string.Equals(output.Type.FullName, item.OutputType, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Sample {sampleId}: station {item.Station} gives {item.OutputType}; the corrected output is a {output.Type.FullName}.", nameof(corrected));
        }

        string now = Time.Text(ledger.Settings.Clock.GetUtcNow());
        QualityRows.InsertReview(connection, transaction, item, reviewer, result, corrected?.Json, now);
        string detail = result.IsDefect ? $"defect{(result.Category is null ? string.Empty : " " + result.Category)}{(corrected is null ? string.Empty : ", corrected")}" : "ok";
        Sql.Audit(connection, transaction, now, reviewer, QualityRows.ReviewAction, item.Tenant, $"sample {sampleId} (run {item.RunId}, station {item.Station}, material {item.MaterialId})", detail);
        transaction.Commit();

        // A run still live in this process counts the review in the station's andon, as its inspectors' verdicts.
        ledger.Live(item.RunId)?.Info?.Reviews?.Reviewed(item.Station, result);
        return Find(connection, null, sampleId)!;
    }

    private ReviewItem? Find(DbConnection connection, DbTransaction? transaction, long sampleId)
    {
        using DbCommand command = scope is null
            ? Sql.Command(connection, transaction, QualityRows.ItemSelect + " WHERE s.id = @id", ("@id", sampleId))
            : Sql.Command(connection, transaction, QualityRows.ItemSelect + " WHERE s.id = @id AND s.tenant = @scope", ("@id", sampleId), ("@scope", scope));
        using DbDataReader reader = command.ExecuteReader();
        return reader.Read() ? QualityRows.ReadItem(reader) : null;
    }

    private static string Status(ReviewStatus status) => status == ReviewStatus.Reviewed ? "reviewed" : "open";
}
