using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Factory.Quality;

namespace Factory.Experiments;

/// <summary>
/// Recorded inputs with labels, from the ledger's review queue: each reviewed sample whose input was
/// kept, labelled with the reviewer's corrected output, or with the station's own output when the
/// reviewer found it ok. A defect without a correction has no label and is left out.
/// </summary>
public static class ReviewedSet
{
    /// <summary>The labelled inputs of the reviewed samples <paramref name="query"/> finds (its status is ignored), oldest first.</summary>
    public static async Task<IReadOnlyList<Labeled<TIn, TOut>>> LoadAsync<TIn, TOut>(IQualityStore quality, ReviewQuery query, JsonTypeInfo<TIn> input, JsonTypeInfo<TOut> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(quality);
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<ReviewItem> reviewed = await quality.ListReviewsAsync(query with { Status = ReviewStatus.Reviewed }, cancellationToken).ConfigureAwait(false);
        var set = new List<Labeled<TIn, TOut>>(reviewed.Count);
        foreach (ReviewItem item in reviewed)
        {
            string? label = item.Review!.Result.IsDefect ? item.Review.CorrectedJson : item.OutputJson;
            if (item.InputJson is null || label is null)
            {
                continue;
            }

            set.Add(new Labeled<TIn, TOut>(Read(item, item.InputJson, input), Read(item, label, output), item.Id));
        }

        return set;
    }

    /// <summary>A scorer that gives 1 when the output equals the input's label (inputs compared by <paramref name="inputs"/>, outputs by <paramref name="outputs"/>).</summary>
    public static IScorer<TIn, TOut> Scorer<TIn, TOut>(IEnumerable<Labeled<TIn, TOut>> set, IEqualityComparer<TIn>? inputs = null, IEqualityComparer<TOut>? outputs = null)
        where TIn : notnull
    {
        var labels = new Dictionary<TIn, TOut>(inputs);
        foreach (Labeled<TIn, TOut> labeled in set)
        {
            labels[labeled.Input] = labeled.Label;
        }

        return Scorers.ExactMatch<TIn, TOut>(
            input => labels.TryGetValue(input, out TOut? label) ? label : throw new ArgumentException($"No label for input {input}: score the inputs of the labelled set."),
            outputs,
            "reviewers' labels");
    }

    private static T Read<T>(ReviewItem item, string json, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new JsonException("null");
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"Sample {item.Id} (station {item.Station}, run {item.RunId}) cannot be read as a {typeof(T).FullName}: {exception.Message}", exception);
        }
    }
}
