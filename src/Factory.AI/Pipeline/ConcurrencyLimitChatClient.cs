using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Factory.AI.Pipeline;

/// <summary>
/// At most a given number of calls through it at once, across every unit and run that shares it; the
/// others wait in line (a stream holds its slot until it ends). Waiting is neither timed nor a failure
/// when this sits outside a <see cref="CircuitBreakerChatClient"/>.
/// </summary>
public sealed class ConcurrencyLimitChatClient : DelegatingChatClient
{
    private readonly SemaphoreSlim slots;

    /// <summary>Wraps <paramref name="inner"/>, letting <paramref name="maxConcurrency"/> calls through at once.</summary>
    public ConcurrencyLimitChatClient(IChatClient inner, int maxConcurrency)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        slots = new SemaphoreSlim(maxConcurrency);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }
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
