using System;

namespace Factory.AI;

/// <summary>Prices of one model, per million tokens, in the currency the job orders' cost budgets use.</summary>
/// <param name="InputPerMillion">Price of a million input tokens.</param>
/// <param name="OutputPerMillion">Price of a million output tokens.</param>
public sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion)
{
    /// <summary>Free (a local model).</summary>
    public static ModelPrice Free { get; } = new(0m, 0m);

    /// <summary>The cost of <paramref name="inputTokens"/> and <paramref name="outputTokens"/>.</summary>
    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPerMillion) + (outputTokens * OutputPerMillion)) / 1_000_000m;
}

/// <summary>How calls to one model behave: price, concurrency, timeouts, retries and the circuit breaker.</summary>
public sealed record ModelSettings
{
    /// <summary>Defaults: free, 4 calls at once, 100 s per request, 3 retries from 500 ms, breaker after 5 failures in 30 s for 30 s.</summary>
    public static ModelSettings Default { get; } = new();

    /// <summary>The model id sent to the endpoint; null leaves it to the client.</summary>
    public string? ModelId { get; init; }

    /// <summary>Prices per million tokens.</summary>
    public ModelPrice Price { get; init; } = ModelPrice.Free;

    /// <summary>How many calls to this model may be in flight at once, across every unit and run. Default 4.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Time allowed for one request; <see cref="TimeSpan.Zero"/> means none. Default 100 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries of a transient failure (429, 5xx, network, request timeout). 400 and 401 are never retried. Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff delay, doubled each retry with jitter, unless the server says Retry-After. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest Retry-After honoured; a longer one fails the call. Default 60 s.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Failures within <see cref="BreakerSamplingDuration"/> (and at least half the calls) that open the breaker. Default 5.</summary>
    public int BreakerMinimumThroughput { get; init; } = 5;

    /// <summary>The window the breaker counts failures in. Default 30 s.</summary>
    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker refuses calls before it lets one through (half-open). Default 30 s.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// UTF-8 bytes counted as one input token when a call reserves its worst case from the job's budget
    /// (everything it sends: messages, instructions, the output schema, tool definitions).
    /// 1 (the default) is a true bound for byte-level tokenizers, so the budget can never be overrun;
    /// 3 or 4 reserves closer to real usage but may let a call use more than it reserved.
    /// </summary>
    public double InputBytesPerToken { get; init; } = 1;

    /// <summary>Ask for a streamed answer (measures the time to the first token). Default false.</summary>
    public bool Stream { get; init; }

    /// <summary>
    /// Add Microsoft.Extensions.AI's <c>UseOpenTelemetry</c>: a span per call with the OpenTelemetry
    /// <c>gen_ai</c> semantic conventions, on Factory's activity source and meter (prompts and answers
    /// are not recorded). Default false. Configuration key: <c>OpenTelemetry</c>.
    /// </summary>
    public bool OpenTelemetry { get; init; }

    /// <summary>Add <c>UseLogging</c> (the catalog's DI <c>ILoggerFactory</c>). Default false. Configuration key: <c>Logging</c>.</summary>
    public bool Logging { get; init; }

    /// <summary>
    /// Add <c>UseDistributedCache</c> (the catalog's DI <c>IDistributedCache</c>), with the job order's
    /// tenant in every key: identical requests are answered from the cache. Default false. Configuration key: <c>DistributedCache</c>.
    /// </summary>
    public bool DistributedCache { get; init; }

    /// <summary>
    /// Minutes the accepted answers of every thinking unit on this model are remembered (the memory tier,
    /// the catalog's <c>HybridCache</c>), unless the unit says otherwise; 0 (the default) for none.
    /// Configuration key: <c>CacheMinutes</c>.
    /// </summary>
    public int CacheMinutes { get; init; }
}
