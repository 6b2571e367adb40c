using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Factory.AI;

/// <summary>
/// What every call to one model passes through: retries (429/503 honour Retry-After; other transient
/// failures back off exponentially with jitter; 400/401 never retry), a circuit breaker that opens on
/// repeated failure and half-opens after its break, a per-request timeout, and a concurrency limit.
/// Built on Polly.Core; one gate per catalog entry, shared by every unit and run.
/// </summary>
internal sealed class ModelGate
{
    private readonly SemaphoreSlim slots;
    private readonly ResiliencePipeline retries;
    private readonly ResiliencePipeline attempt;

    public ModelGate(string name, ModelSettings settings)
    {
        slots = new SemaphoreSlim(Math.Max(1, settings.MaxConcurrency));

        // Retries wrap the wait for a slot, so a call backing off holds none; the breaker and the
        // timeout wrap only the request, so waiting in the queue is neither a failure nor timed.
        var outer = new ResiliencePipelineBuilder { Name = "factory.model." + name + ".retry" };
        if (settings.MaxRetries > 0)
        {
            outer.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryDelay,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } failure && IsTransient(failure)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception, settings.MaxRetryAfter)),
            });
        }

        retries = outer.Build();

        var builder = new ResiliencePipelineBuilder { Name = "factory.model." + name };
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = Math.Max(2, settings.BreakerMinimumThroughput),
            SamplingDuration = settings.BreakerSamplingDuration,
            BreakDuration = settings.BreakDuration,
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } failure && IsServerFailure(failure)),
        });

        if (settings.RequestTimeout > TimeSpan.Zero)
        {
            builder.AddTimeout(settings.RequestTimeout);
        }

        attempt = builder.Build();
    }

    /// <summary>Runs <paramref name="call"/> through the policies; each attempt holds one of the model's slots.</summary>
    public ValueTask<TResult> ExecuteAsync<TResult, TState>(Func<TState, CancellationToken, ValueTask<TResult>> call, TState state, CancellationToken cancellationToken) =>
        retries.ExecuteAsync(
            static async (context, token) =>
            {
                await context.Gate.slots.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    return await context.Gate.attempt.ExecuteAsync(
                        static (inner, innerToken) => inner.Call(inner.State, innerToken),
                        (context.Call, context.State),
                        token).ConfigureAwait(false);
                }
                finally
                {
                    context.Gate.slots.Release();
                }
            },
            (Gate: this, Call: call, State: state),
            cancellationToken);

    /// <summary>True for failures worth retrying: 408, 429, 5xx, no response, a request that timed out.</summary>
    internal static bool IsTransient(Exception failure) => failure switch
    {
        ModelEndpointException endpoint => endpoint.IsTransient,
        HttpRequestException http => http.StatusCode is null || (int)http.StatusCode.Value is 408 or 429 or >= 500,
        TimeoutRejectedException => true,
        System.IO.IOException => true,
        _ => false,
    };

    /// <summary>Failures that count against the breaker: the server is in trouble (5xx, no response, timeout), not rate limiting.</summary>
    private static bool IsServerFailure(Exception failure) =>
        IsTransient(failure) && failure is not ModelEndpointException { StatusCode: 429 } and not HttpRequestException { StatusCode: System.Net.HttpStatusCode.TooManyRequests };

    private static TimeSpan? RetryAfter(Exception? failure, TimeSpan most) =>
        failure is ModelEndpointException { RetryAfter: { } wait } && wait >= TimeSpan.Zero
            ? (wait <= most ? wait : most)
            : null;
}
