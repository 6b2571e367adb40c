using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Factory.AI.Pipeline;

/// <summary>
/// A job order's budget on embedding calls, as <see cref="BudgetChatClient"/> on chat calls: each call
/// reserves its worst case (3, plus per input 4 and a token per <see cref="ModelSettings.InputBytesPerToken"/>
/// UTF-8 bytes, at the input price) first, waiting for calls in flight or failing with
/// <see cref="BudgetExhaustedException"/>, then settles the usage the model reported, or the worst case of an
/// attempt that failed after it was sent without being refused (a timeout, a lost connection), which the
/// provider may bill. In a catalog entry it sits inside the retries, so each attempt reserves. The job is the one
/// given, else the one of the embedding call in progress (<c>EmbeddingEntry.GenerateAsync</c>).
/// </summary>
public sealed class BudgetEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ModelSettings settings;
    private readonly string modelId;
    private readonly JobOrder? job;

    // A catalog entry marks when an attempt reaches the generator (EmbeddingAttempts); elsewhere every
    // failed attempt is taken as sent.
    private readonly bool sendingIsMarked;

    /// <summary>Wraps <paramref name="inner"/>; usage is recorded under <paramref name="modelId"/>.</summary>
    public BudgetEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, ModelSettings settings, string modelId, JobOrder? job = null)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        this.settings = settings;
        this.modelId = modelId;
        this.job = job;
        sendingIsMarked = inner.GetService(typeof(EmbeddingAttempts)) is EmbeddingAttempts { MarksSent: true };
    }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> inputs = values as IReadOnlyList<string> ?? [.. values];
        if ((job ?? ModelCallScope.Job) is not { } charged)
        {
            return await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }

        long estimate = Estimate(inputs, settings.InputBytesPerToken);
        JobSpend spend = JobSpend.Of(charged);
        Reservation reservation = await spend.ReserveAsync(estimate, settings.Price.Cost(estimate, 0), charged.Id, cancellationToken).ConfigureAwait(false);
        var attempt = ModelAttempt.Begin(sendingIsMarked);
        GeneratedEmbeddings<Embedding<float>> embeddings;
        try
        {
            embeddings = await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            attempt.SettleUnanswered(spend, reservation, modelId, estimate, failure);
            throw;
        }

        long used = embeddings.Usage?.InputTokenCount ?? estimate;
        spend.Settle(reservation, modelId, used, 0, settings.Price.Cost(used, 0));
        return embeddings;
    }

    /// <summary>The input tokens <paramref name="inputs"/> may take: 3 for the request, and 4 plus a token per <paramref name="bytesPerToken"/> bytes each.</summary>
    internal static long Estimate(IReadOnlyList<string> inputs, double bytesPerToken)
    {
        double perToken = bytesPerToken > 0 ? bytesPerToken : 1;
        long tokens = 3;
        foreach (string input in inputs)
        {
            tokens += 4 + (long)Math.Ceiling(Encoding.UTF8.GetByteCount(input) / perToken);
        }

        return tokens;
    }
}
