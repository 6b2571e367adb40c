using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Factory.AI.Pipeline;

/// <summary>
/// Holds a job order's token and cost budget on every call through it: the call first reserves its
/// worst case (everything it sends, a token per <see cref="ModelSettings.InputBytesPerToken"/> UTF-8
/// bytes, plus its output limit, at <see cref="ModelSettings.Price"/>) from <see cref="JobSpend.Of(JobOrder)"/>
/// the job, waiting while calls in flight hold the room, or fails with <see cref="BudgetExhaustedException"/>
/// when no settlement can make it; then settles what the model reported, or, when the attempt failed
/// after it was sent without being refused (a timeout, a lost connection, a stream cut off, a gateway's
/// timeout; <see cref="ModelAttempt.SettleUnanswered"/>), its worst case, which the provider may bill. It sits inside the retries, so each attempt reserves. The job is the one given, else
/// the one of the thinking unit's call in progress; with neither, calls pass unbudgeted.
/// </summary>
public sealed class BudgetChatClient : DelegatingChatClient
{
    private readonly ModelSettings settings;
    private readonly string modelId;
    private readonly JobOrder? job;

    // Factory's pipelines mark when an attempt reaches the model's client; in a pipeline of your own
    // without that mark, every failed attempt is taken as sent.
    private readonly bool sendingIsMarked;

    /// <summary>Wraps <paramref name="inner"/>; usage is recorded under <paramref name="modelId"/> when the response names no model.</summary>
    public BudgetChatClient(IChatClient inner, ModelSettings settings, string modelId, JobOrder? job = null)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        this.settings = settings;
        this.modelId = modelId;
        this.job = job;
        sendingIsMarked = inner.GetService(typeof(AttemptSentChatClient)) is not null;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if ((job ?? ModelCallScope.Job) is not { } charged)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<ChatMessage> request = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        long estimate = ThinkingEngine.EstimateInputTokens(request, options, settings.InputBytesPerToken);
        (JobSpend spend, Reservation reservation) = await ReserveAsync(charged, estimate, options, cancellationToken).ConfigureAwait(false);
        var attempt = ModelAttempt.Begin(sendingIsMarked);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            attempt.SettleUnanswered(spend, reservation, modelId, estimate, failure);
            throw;
        }

        Settle(spend, reservation, response, estimate);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if ((job ?? ModelCallScope.Job) is not { } charged)
        {
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        IReadOnlyList<ChatMessage> request = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        long estimate = ThinkingEngine.EstimateInputTokens(request, options, settings.InputBytesPerToken);
        (JobSpend spend, Reservation reservation) = await ReserveAsync(charged, estimate, options, cancellationToken).ConfigureAwait(false);
        var attempt = ModelAttempt.Begin(sendingIsMarked);
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        var seen = new List<ChatResponseUpdate>();
        Exception? failure = null;
        bool ended = false;
        try
        {
            while (true)
            {
                try
                {
                    updates ??= base.GetStreamingResponseAsync(request, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                    ended = !await updates.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception thrown)
                {
                    failure = thrown;
                    throw;
                }

                if (ended)
                {
                    break;
                }

                seen.Add(updates.Current);
                yield return updates.Current;
            }
        }
        finally
        {
            try
            {
                if (updates is not null)
                {
                    await updates.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                // Settled once, whatever happened: the answer's usage; the consumer stopped reading part way
                // (the model may have gone on answering, and been paid for it) unless the usage came already;
                // or a failure.
                if (ended || (failure is null && seen.Exists(HasUsage)))
                {
                    Settle(spend, reservation, seen.ToChatResponse(), estimate);
                }
                else
                {
                    attempt.SettleUnanswered(spend, reservation, modelId, estimate, failure);
                }
            }
        }
    }

    private static bool HasUsage(ChatResponseUpdate update) => update.Contents.Any(content => content is UsageContent);

    /// <summary>The tokens a response used: none for a cache hit; what the model reported, else the estimate sent and the answer's bytes.</summary>
    internal static (long Input, long Output) UsageOf(ChatResponse response, long estimate, double bytesPerToken) =>
        CacheHits.IsHit(response)
            ? (0, 0)
            : (response.Usage?.InputTokenCount ?? estimate,
               response.Usage?.OutputTokenCount ?? ThinkingEngine.EstimateInputTokens([new ChatMessage(ChatRole.Assistant, response.Text)], null, bytesPerToken));

    private async ValueTask<(JobSpend, Reservation)> ReserveAsync(JobOrder charged, long estimate, ChatOptions? options, CancellationToken cancellationToken)
    {
        int maxOutput = options?.MaxOutputTokens ?? 0;
        JobSpend spend = JobSpend.Of(charged);

        // Waits while calls in flight hold what this one may need; refused only when no settlement can make room.
        Reservation reservation = await spend.ReserveAsync(estimate + maxOutput, settings.Price.Cost(estimate, maxOutput), charged.Id, cancellationToken).ConfigureAwait(false);
        return (spend, reservation);
    }

    private void Settle(JobSpend spend, Reservation reservation, ChatResponse response, long estimate)
    {
        (long input, long output) = UsageOf(response, estimate, settings.InputBytesPerToken);
        if (CacheHits.IsHit(response))
        {
            spend.Settle(reservation, modelId, 0, 0, 0m, countCall: false);
            return;
        }

        string model = string.IsNullOrWhiteSpace(response.ModelId) ? modelId : response.ModelId;
        spend.Settle(reservation, model, input, output, settings.Price.Cost(input, output));
    }
}
