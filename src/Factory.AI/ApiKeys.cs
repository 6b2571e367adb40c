using System;
using Factory.Ledger;

namespace Factory.AI;

/// <summary>
/// Keeps model providers' API keys out of the failures the model layer reports or lets escape. A
/// server that echoes a wrong key ("Incorrect API key provided: sk-…") would otherwise carry it into
/// dead letters, logs, spans and the ledger, none of which know the catalog's keys.
/// </summary>
internal static class ApiKeys
{
    /// <summary>True when <paramref name="failure"/>, or an exception inside it, quotes a key.</summary>
    public static bool Quoted(Exception failure, SecretRedactor keys)
    {
        for (Exception? inner = failure; inner is not null; inner = inner.InnerException)
        {
            // The redactor hands back the same string when it finds nothing. Message is read once: some
            // exceptions build it anew on every read (HttpIOException adds its error), and two reads are
            // two strings, which would say every such failure quotes a key.
            string message = inner.Message;
            if (!ReferenceEquals(keys.Redact(message), message))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="failure"/> when it quotes no key; otherwise a <see cref="ModelEndpointException"/>
    /// with the same status, the failure's type and message with the key masked, and nothing inside.
    /// </summary>
    public static Exception Scrubbed(Exception failure, SecretRedactor keys)
    {
        if (keys.IsEmpty || !Quoted(failure, keys))
        {
            return failure;
        }

        return failure is ModelEndpointException endpoint
            ? new ModelEndpointException(endpoint.StatusCode, endpoint.RetryAfter, keys.Redact(endpoint.Message))
            : new ModelEndpointException(Providers.EndpointFailures.StatusOf(failure), null, $"{failure.GetType().FullName}: {keys.Redact(failure.Message)}");
    }
}
