using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Microsoft.Extensions.AI;

namespace Factory.AI.Pipeline;

/// <summary>
/// Innermost layer of a catalog entry: a failure of the user's client that quotes the API key of any
/// catalog model leaves as a <see cref="ModelEndpointException"/> without it, before the layers above
/// (telemetry, logging) can record it.
/// </summary>
internal sealed class KeyScrubbingChatClient(IChatClient inner, Func<SecretRedactor> keys) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Scrubbed(exception) is { } scrubbed)
        {
            throw scrubbed;
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
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception exception) when (Scrubbed(exception) is { } scrubbed)
                {
                    throw scrubbed;
                }

                yield return updates.Current;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The failure without the key, or null when it quotes none.</summary>
    private Exception? Scrubbed(Exception failure)
    {
        Exception scrubbed = ApiKeys.Scrubbed(failure, keys());
        return ReferenceEquals(scrubbed, failure) ? null : scrubbed;
    }
}
