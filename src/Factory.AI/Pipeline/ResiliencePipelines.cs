using System;
using System.Threading.Tasks;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Factory.AI.Pipeline;

/// <summary>The Polly.Core pipelines of a model's resilience settings, shared by the chat and embedding layers.</summary>
internal static class ResiliencePipelines
{
    /// <summary>
    /// Retries of transient failures: 429 and 503 wait for Retry-After (at most <see cref="ModelSettings.MaxRetryAfter"/>);
    /// other 5xx, timeouts and network failures back off exponentially with jitter; 400 and 401 never retry.
    /// </summary>
    public static ResiliencePipeline Retries(ModelSettings settings, string name)
    {
        var builder = new ResiliencePipelineBuilder { Name = "factory.model." + name + ".retry" };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryDelay,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } failure && ModelFailures.IsTransient(failure)),
                DelayGenerator = args => ValueTask.FromResult(ModelFailures.RetryAfter(args.Outcome.Exception, settings.MaxRetryAfter)),
            });
        }

        return builder.Build();
    }

    /// <summary>One attempt: the circuit breaker (server trouble, not 429) and the per-request timeout.</summary>
    public static ResiliencePipeline Attempt(ModelSettings settings, string name)
    {
        var builder = new ResiliencePipelineBuilder { Name = "factory.model." + name }.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = Math.Max(2, settings.BreakerMinimumThroughput),
            SamplingDuration = settings.BreakerSamplingDuration,
            BreakDuration = settings.BreakDuration,
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } failure && ModelFailures.IsServerFailure(failure)),
        });
        if (settings.RequestTimeout > TimeSpan.Zero)
        {
            builder.AddTimeout(settings.RequestTimeout);
        }

        return builder.Build();
    }
}
