using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Polly;

namespace Factory.AI.Pipeline;

/// <summary>
/// One attempt of an embedding call: a concurrency slot (a call backing off, or waiting for budget, holds
/// none), then the circuit breaker and the per-request timeout, then the generator, the attempt marked
/// sent (<see cref="ModelCallScope.Attempt"/>) as it is handed over. The inner half of
/// <see cref="ResilientEmbeddingGenerator"/>.
/// </summary>
internal sealed class EmbeddingAttempts : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ResiliencePipeline attempt;
    private readonly SemaphoreSlim slots;

    public EmbeddingAttempts(IEmbeddingGenerator<string, Embedding<float>> inner, ModelSettings settings, string name, bool marksSent = true)
        : base(inner)
    {
        MarksSent = marksSent;
        attempt = ResiliencePipelines.Attempt(settings, name);
        slots = new SemaphoreSlim(Math.Max(1, settings.MaxConcurrency));
    }

    /// <summary>
    /// True when attempts are marked sent, as in a catalog entry, where the budget sits between the retries
    /// and this. Not inside <see cref="ResilientEmbeddingGenerator"/>: a budget put outside it covers all
    /// its attempts with one reservation, and one attempt's mark would speak for all of them.
    /// </summary>
    public bool MarksSent { get; }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await attempt.ExecuteAsync(
                static (state, token) =>
                {
                    if (state.Self.MarksSent)
                    {
                        ModelCallScope.Attempt?.MarkSent();
                    }

                    return new ValueTask<GeneratedEmbeddings<Embedding<float>>>(state.Self.InnerGenerator.GenerateAsync(state.Values, state.Options, token));
                },
                (Self: this, Values: values, Options: options),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            // Past the slot: sent, unless the breaker stopped it (which MayBeBilled tells apart).
            ModelCallScope.Attempt?.FailedAfterSending(failure);
            throw;
        }
        finally
        {
            slots.Release();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            slots.Dispose();
        }

        base.Dispose(disposing);
    }
}
