using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Factory.AI.Pipeline;

/// <summary>
/// A circuit breaker that opens when the server is in trouble (5xx, no response, timeouts; not 429)
/// for at least half of <see cref="ModelSettings.BreakerMinimumThroughput"/> calls within
/// <see cref="ModelSettings.BreakerSamplingDuration"/>, refuses calls for <see cref="ModelSettings.BreakDuration"/>
/// (<see cref="BrokenCircuitException"/>) and then lets one through; and a per-request timeout
/// (<see cref="ModelSettings.RequestTimeout"/>, <see cref="TimeoutRejectedException"/>; for a stream, the whole stream).
/// </summary>
public sealed class CircuitBreakerChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline attempt;
    private readonly TimeSpan timeout;

    /// <summary>Wraps <paramref name="inner"/> with the breaker and timeout of <paramref name="settings"/>.</summary>
    public CircuitBreakerChatClient(IChatClient inner, ModelSettings settings, string name = "model")
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(settings);
        timeout = settings.RequestTimeout;
        attempt = ResiliencePipelines.Attempt(settings, name);
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        attempt.ExecuteAsync(
            static (state, token) => new ValueTask<ChatResponse>(state.Self.InnerClient.GetResponseAsync(state.Messages, state.Options, token)),
            (Self: this, Messages: messages, Options: options),
            cancellationToken).AsTask();

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout > TimeSpan.Zero)
        {
            timer.CancelAfter(timeout);
        }

        IAsyncEnumerator<ChatResponseUpdate> updates = InnerClient.GetStreamingResponseAsync(messages, options, timer.Token).GetAsyncEnumerator(timer.Token);
        try
        {
            // The breaker sees whether the stream opened: a failure before the first update counts. The
            // stream keeps its own timer (Polly's timeout token ends with the callback; the stream does not).
            bool more = await attempt.ExecuteAsync(
                static (state, _) => state.Self.NextAsync(state.Updates, state.Timer, state.Caller),
                (Self: this, Updates: updates, Timer: timer, Caller: cancellationToken),
                cancellationToken).ConfigureAwait(false);
            while (more)
            {
                yield return updates.Current;
                more = await NextAsync(updates, timer, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The next update; the timer running out is a <see cref="TimeoutRejectedException"/>, as Polly's timeout would say.</summary>
    private async ValueTask<bool> NextAsync(IAsyncEnumerator<ChatResponseUpdate> updates, CancellationTokenSource timer, CancellationToken caller)
    {
        try
        {
            return await updates.MoveNextAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (timer.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            throw new TimeoutRejectedException($"The model's stream did not end within {timeout}.", timeout, exception);
        }
    }
}
