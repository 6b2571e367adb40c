using System;

namespace Factory.Jsonl;

/// <summary>How <see cref="JsonlSource"/> reads, and what it does with lines that are not values.</summary>
/// <example>
/// Keep the bad lines and read everything else:
/// <code>
/// var errors = new List&lt;JsonlError&gt;();
/// await foreach (Ticket ticket in JsonlSource.ReadAsync("tickets.jsonl", AppJson.Default.Ticket, new() { OnError = errors.Add }))
/// {
///     ...
/// }
/// </code>
/// </example>
public sealed class JsonlReadOptions
{
    /// <summary>The defaults.</summary>
    public static JsonlReadOptions Default { get; } = new();

    /// <summary>
    /// Called for each line that does not become a value, in input order, on the reading thread,
    /// before the next value is yielded; the read then goes on. When null, the first bad line ends
    /// the read with a <see cref="JsonlException"/>: nothing is dropped without someone being told.
    /// </summary>
    public Action<JsonlError>? OnError { get; init; }

    /// <summary>
    /// How many bad lines are reported before the read gives up with a <see cref="JsonlException"/>
    /// (a file that is mostly not the expected shape is likely the wrong file). Default: no limit.
    /// </summary>
    public long MaxErrors { get; init; } = long.MaxValue;

    /// <summary>
    /// The longest line accepted, in bytes. A longer line is reported as
    /// <see cref="JsonlErrorKind.TooLong"/> and skipped without being buffered whole. Default 16 MiB.
    /// </summary>
    public int MaxLineLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>How much of a bad line <see cref="JsonlError.RawText"/> keeps, in characters at most. Default 256.</summary>
    public int MaxErrorTextLength { get; init; } = 256;

    /// <summary>Size of each read from the stream, in bytes. Default 64 KiB.</summary>
    public int BufferSize { get; init; } = 64 * 1024;

    /// <summary>Leave the stream open when the read ends. Default false: the source disposes it.</summary>
    public bool LeaveOpen { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxErrors, nameof(MaxErrors));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLineLength, 1, nameof(MaxLineLength));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxErrorTextLength, nameof(MaxErrorTextLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(BufferSize, 1, nameof(BufferSize));
    }
}
