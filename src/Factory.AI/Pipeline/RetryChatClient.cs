using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Polly;

namespace Factory.AI.Pipeline;

/// <summary>
/// Retries transient failures of the calls through it (429 and 503 wait for the server's Retry-After;
/// other 5xx, timeouts and network failures back off exponentially with jitter; 400 and 401 never
/// retry), as <see cref="ModelSettings.MaxRetries"/>, <see cref="ModelSettings.RetryDelay"/> and
/// <see cref="ModelSettings.MaxRetryAfter"/> say. A stream is retried only until its first update.
/// Place it outside a <see cref="ConcurrencyLimitChatClient"/> so a call backing off holds no slot.
/// </summary>
public sealed class RetryChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline retries;

    /// <summary>Wraps <paramref name="inner"/> with the retries of <paramref name="settings"/>.</summary>
    public RetryChatClient(IChatClient inner, ModelSettings settings, string name = "model")
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(settings);
        retries = ResiliencePipelines.Retries(settings, name);
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        retries.ExecuteAsync(
            static (state, token) => new ValueTask<ChatResponse>(state.Self.InnerClient.GetResponseAsync(state.Messages, state.Options, token)),
            (Self: this, Messages: messages, Options: options),
            cancellationToken).AsTask();

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        (IAsyncEnumerator<ChatResponseUpdate> updates, bool any) = await retries.ExecuteAsync(
            static async (state, token) =>
            {
                IAsyncEnumerator<ChatResponseUpdate> opened = state.Self.InnerClient.GetStreamingResponseAsync(state.Messages, state.Options, token).GetAsyncEnumerator(token);
                try
                {
                    return (opened, await opened.MoveNextAsync().ConfigureAwait(false));
                }
                catch
                {
                    await opened.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            },
            (Self: this, Messages: messages, Options: options),
            cancellationToken).ConfigureAwait(false);
        try
        {
            for (bool more = any; more; more = await updates.MoveNextAsync().ConfigureAwait(false))
            {
                yield return updates.Current;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }
}
