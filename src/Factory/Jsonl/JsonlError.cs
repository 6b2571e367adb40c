using System;

namespace Factory.Jsonl;

/// <summary>Why a JSONL line could not become a value.</summary>
public enum JsonlErrorKind
{
    /// <summary>The line is not valid JSON, has more than one value, or does not fit the type.</summary>
    Malformed,

    /// <summary>The line is the JSON literal <c>null</c> where an object was expected.</summary>
    Null,

    /// <summary>The line is longer than <see cref="JsonlReadOptions.MaxLineLength"/>; it was skipped without being buffered whole.</summary>
    TooLong,
}

/// <summary>
/// One line of a JSONL input that did not become a value. The read goes on after it: the line is
/// reported, never silently dropped, and never ends the read unless the caller asks for that.
/// </summary>
public sealed class JsonlError
{
    /// <summary>Creates an error report.</summary>
    public JsonlError(
        long lineNumber,
        long byteOffset,
        long lineLength,
        JsonlErrorKind kind,
        string message,
        string rawText,
        bool isTruncated,
        Exception? exception)
    {
        LineNumber = lineNumber;
        ByteOffset = byteOffset;
        LineLength = lineLength;
        Kind = kind;
        Message = message;
        RawText = rawText;
        IsTruncated = isTruncated;
        Exception = exception;
    }

    /// <summary>The line's number, from 1, counting every line (blank ones too), as an editor shows it.</summary>
    public long LineNumber { get; }

    /// <summary>Where the line starts, in bytes from the start of the input (a byte order mark counts as part of line 1).</summary>
    public long ByteOffset { get; }

    /// <summary>The line's length in bytes, without its line break.</summary>
    public long LineLength { get; }

    /// <summary>What kind of failure it was.</summary>
    public JsonlErrorKind Kind { get; }

    /// <summary>What was wrong, as the JSON reader or serializer said it.</summary>
    public string Message { get; }

    /// <summary>
    /// The start of the line as text (UTF-8 decoded, invalid bytes replaced), at most
    /// <see cref="JsonlReadOptions.MaxErrorTextLength"/> characters; see <see cref="IsTruncated"/>.
    /// </summary>
    public string RawText { get; }

    /// <summary>True when <see cref="RawText"/> is only the start of the line.</summary>
    public bool IsTruncated { get; }

    /// <summary>The exception behind <see cref="Message"/> (a <c>JsonException</c> has the path and position in the line), if any.</summary>
    public Exception? Exception { get; }

    /// <summary>
    /// The error as a <see cref="Factory.DeadLetter"/>, for callers that keep failed input with the
    /// line's dead letters. The line never became a material, so <see cref="DeadLetter.MaterialId"/>
    /// carries the line number; <see cref="DeadLetter.Input"/> is <see cref="RawText"/>.
    /// </summary>
    /// <param name="source">The name recorded as the station, such as the file name.</param>
    public DeadLetter ToDeadLetter(string source = "JsonlSource") =>
        new(
            materialId: LineNumber,
            parentId: 0,
            station: source,
            stationVersion: "1",
            attempts: 1,
            exceptionType: Exception?.GetType().FullName ?? "Factory.Jsonl." + Kind,
            message: $"line {LineNumber}: {Message}",
            input: RawText,
            time: DateTimeOffset.UtcNow);

    /// <inheritdoc />
    public override string ToString() => $"line {LineNumber}: {Kind}: {Message}";
}
