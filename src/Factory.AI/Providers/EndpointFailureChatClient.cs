using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Microsoft.Extensions.AI;

namespace Factory.AI.Providers;

/// <summary>
/// What Microsoft.Extensions.AI's OpenAI adapter lacks for Factory: its HTTP failures surface as
/// <see cref="ModelEndpointException"/> with the status and Retry-After (so the resilience layer tells
/// 429/5xx from 400/401), and without the API key the client sends. Wrap any client on System.ClientModel.
/// </summary>
public sealed class EndpointFailureChatClient : DelegatingChatClient
{
    private readonly SecretRedactor keys;

    /// <summary>Wraps <paramref name="inner"/>, which sends <paramref name="apiKey"/> (to keep out of every failure).</summary>
    public EndpointFailureChatClient(IChatClient inner, string? apiKey)
        : base(inner)
    {
        ApiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey;
        keys = SecretRedactor.ForKeys([ApiKey]);
    }

    /// <summary>The API key the client sends, so the catalog can keep it out of every failure it reports; null when none was given.</summary>
    internal string? ApiKey { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && EndpointFailures.Translate(exception, keys) is { } failure)
        {
            // A cancelled request (the caller's, or the resilience layer's timeout) stays a cancellation.
            throw failure;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<ChatResponseUpdate> updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                // A yield cannot sit inside a try with a catch: move inside it, yield outside.
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested && EndpointFailures.Translate(exception, keys) is { } failure)
                {
                    throw failure;
                }

                yield return updates.Current;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }
}
