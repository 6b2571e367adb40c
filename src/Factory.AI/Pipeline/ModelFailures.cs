using System;
using System.Net.Http;
using Factory.AI.Providers;
using Polly.CircuitBreaker;
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
    /// True when a failed attempt the model's client was given may still have been billed: it ended
    /// without the server refusing it (a timeout, a cancellation, a connection lost after it was made, a
    /// stream cut off, an answer that could not be read, a 2xx included). Not billed: a refusal with an HTTP
    /// error status (400 and up), but a gateway's timeout (504, 524), behind which the model may have answered;
    /// a connection that was never
    /// made (name resolution, connect, TLS, proxy); an open circuit; a cassette's miss, which asked no model.
    /// </summary>
    public static bool MayBeBilled(Exception failure)
    {
        for (Exception? cause = failure; cause is not null; cause = cause.InnerException)
        {
            if (EndpointFailures.StatusOf(cause) is { } status)
            {
                return !IsRefusal(status);
            }

            switch (cause)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError }:
                case BrokenCircuitException:
                case BudgetExhaustedException:
                case CassetteMissException:
                    return false;
            }
        }

        return true;
    }

    /// <summary>An error status the server answered with instead of working on the request; a gateway's timeout is not one (the model behind it may have answered), nor a success whose body could not be read.</summary>
    private static bool IsRefusal(int status) => status >= 400 && status is not (504 or 524);

    /// <summary>The server's Retry-After, capped at <paramref name="most"/>; null when it sent none.</summary>
    public static TimeSpan? RetryAfter(Exception? failure, TimeSpan most) =>
        failure is ModelEndpointException { RetryAfter: { } wait } && wait >= TimeSpan.Zero
            ? (wait <= most ? wait : most)
            : null;
}
