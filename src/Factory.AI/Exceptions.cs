using System;
using System.Collections.Generic;

namespace Factory.AI;

/// <summary>
/// A model endpoint answered with an HTTP error (or not at all). Providers throw it so the retry and
/// circuit-breaker policies can tell transient failures (429, 5xx) from permanent ones (400, 401).
/// </summary>
public sealed class ModelEndpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status, or null when no response came.</param>
    /// <param name="retryAfter">The server's Retry-After, when it sent one.</param>
    /// <param name="message">What happened.</param>
    /// <param name="inner">The provider's exception.</param>
    public ModelEndpointException(int? statusCode, TimeSpan? retryAfter, string message, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status, or null when no response came.</summary>
    public int? StatusCode { get; }

    /// <summary>How long the server asked to wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True for failures worth retrying: no response, 408, 429, 500, 502, 503, 504.</summary>
    public bool IsTransient => StatusCode is null or 408 or 429 or 500 or 502 or 503 or 504;
}

/// <summary>A model call was not made because the job order's token or cost budget cannot cover its worst case.</summary>
public sealed class BudgetExhaustedException : Exception
{
    /// <summary>Creates the exception; the message starts with "budget exhausted".</summary>
    public BudgetExhaustedException(string detail)
        : base("budget exhausted: " + detail)
    {
    }
}

/// <summary>
/// A thinking unit's output did not get past inspection after every re-ask (and escalation): the
/// material becomes a dead letter whose message carries the problems and the redacted raw text.
/// </summary>
public sealed class OutputRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OutputRejectedException(string unit, string model, IReadOnlyList<string> problems, string redactedRawText)
        : base(Describe(unit, model, problems, redactedRawText))
    {
        Unit = unit;
        Model = model;
        Problems = problems;
        RawText = redactedRawText;
    }

    /// <summary>The thinking unit.</summary>
    public string Unit { get; }

    /// <summary>The model whose output was rejected last.</summary>
    public string Model { get; }

    /// <summary>Why the last output was rejected.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The last output, with the job's secrets taken out and cut to a readable length.</summary>
    public string RawText { get; }

    private static string Describe(string unit, string model, IReadOnlyList<string> problems, string raw) =>
        $"output of '{unit}' from model '{model}' was rejected: {string.Join("; ", problems)}. Raw text: {raw}";
}
