using System;
using System.Net.Http;
using Factory.AI.Providers;
using Polly.Timeout;

namespace Factory.AI.Pipeline;

/// <summary>How the resilience layers read a failed model call: worth retrying, the server's trouble, how long it asked to wait.</summary>
internal static class ModelFailures
{
    /// <summary>True for failures worth retrying: 408, 429, 5xx, no response, a request that timed out.</summary>
    public static bool IsTransient(Exception failure) => failure switch
    {
        ModelEndpointException endpoint => endpoint.IsTransient,
        HttpRequestException http => http.StatusCode is null || (int)http.StatusCode.Value is 408 or 429 or >= 500,
        TimeoutRejectedException => true,
        System.IO.IOException => true,
        _ => false,
    };

    /// <summary>Failures that count against the breaker: the server is in trouble (5xx, no response, timeout), not rate limiting.</summary>
    public static bool IsServerFailure(Exception failure) =>
        IsTransient(failure) && failure is not ModelEndpointException { StatusCode: 429 } and not HttpRequestException { StatusCode: System.Net.HttpStatusCode.TooManyRequests };

    /// <summary>
    /// True when a failed call the model's client was given may still have been billed: it ended without
    /// the server refusing it with an HTTP status (a timeout, a cancellation, a lost connection, a stream
    /// cut off, an answer that could not be read). A refusal with a status (4xx, 5xx) is not billed.
    /// </summary>
    public static bool MayBeBilled(Exception failure) => failure switch
    {
        ModelEndpointException { StatusCode: not null } => false,
        HttpRequestException { StatusCode: not null } => false,
        BudgetExhaustedException => false,
        CassetteMissException => false, // a replay with no recording asked no model
        _ => true,
    };

    /// <summary>The server's Retry-After, capped at <paramref name="most"/>; null when it sent none.</summary>
    public static TimeSpan? RetryAfter(Exception? failure, TimeSpan most) =>
        failure is ModelEndpointException { RetryAfter: { } wait } && wait >= TimeSpan.Zero
            ? (wait <= most ? wait : most)
            : null;
}
