using System;
using System.ClientModel;
using System.Globalization;
using System.Net.Http;
using Factory.Ledger;

namespace Factory.AI.Providers;

/// <summary>
/// What an SDK on System.ClientModel (the OpenAI adapter) throws, as a <see cref="ModelEndpointException"/>
/// the resilience layer understands: the HTTP status, the server's Retry-After, and no API key. Servers
/// echo a wrong key in their 401 body ("Incorrect API key provided: sk-…"), so the key, in every form and
/// any part of it the server quoted, is masked in the message, and the SDK's exception is kept inside
/// only when it does not quote the key.
/// </summary>
internal static class EndpointFailures
{
    /// <summary>The endpoint failure <paramref name="failure"/> stands for, or null when it is not an HTTP failure.</summary>
    public static ModelEndpointException? Translate(Exception failure, SecretRedactor keys) => failure switch
    {
        ClientResultException result => FromResult(result, keys),
        HttpRequestException http => new ModelEndpointException(
            StatusOf(http),
            null,
            $"model endpoint request failed: {keys.Redact(http.Message)}",
            WithoutKey(http, keys)),
        _ => null,
    };

    /// <summary>The HTTP status <paramref name="failure"/> itself carries (not its inner exceptions), or null when it carries none.</summary>
    public static int? StatusOf(Exception failure) => failure switch
    {
        ModelEndpointException endpoint => endpoint.StatusCode,
        ClientResultException { Status: > 0 } result => result.Status,
        HttpRequestException { StatusCode: { } status } => (int)status,
        _ => null,
    };

    /// <summary>Retry-After as seconds or an HTTP date.</summary>
    public static TimeSpan? ParseRetryAfter(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        if (double.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when)
            ? (when - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero)
            : null;
    }

    private static ModelEndpointException FromResult(ClientResultException exception, SecretRedactor keys)
    {
        int? status = StatusOf(exception);
        TimeSpan? retryAfter = null;
        if (exception.GetRawResponse() is { } response && response.Headers.TryGetValue("Retry-After", out string? header))
        {
            retryAfter = ParseRetryAfter(header);
        }

        return new ModelEndpointException(
            status,
            retryAfter,
            $"model endpoint answered {status?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}: {keys.Redact(exception.Message)}",
            WithoutKey(exception, keys));
    }

    private static Exception? WithoutKey(Exception exception, SecretRedactor keys) => ApiKeys.Quoted(exception, keys) ? null : exception;
}
