using System;

namespace Factory.Jsonl;

/// <summary>
/// Ends a JSONL read: a bad line with no <see cref="JsonlReadOptions.OnError"/> to report it to, or
/// more bad lines than <see cref="JsonlReadOptions.MaxErrors"/>.
/// </summary>
public sealed class JsonlException : Exception
{
    /// <summary>Creates the exception for the line that ended the read.</summary>
    public JsonlException(string message, JsonlError error)
        : base(message, error?.Exception)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The line that ended the read.</summary>
    public JsonlError Error { get; }
}
