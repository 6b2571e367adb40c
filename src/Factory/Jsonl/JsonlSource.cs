using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Jsonl;

/// <summary>
/// Reads JSON Lines (one JSON value per line) into values, for feeding a line with
/// <c>RunAsync(IAsyncEnumerable&lt;T&gt;)</c>. Bytes go from a <see cref="PipeReader"/> straight into the serializer's
/// <see cref="Utf8JsonReader"/> and the caller's source-generated <see cref="JsonTypeInfo{T}"/>: no
/// string per line, no reflection (trimming- and NativeAOT-safe).
/// </summary>
/// <remarks>
/// Lines end with <c>\n</c> or <c>\r\n</c>; a last line without a line break counts. Blank lines
/// (only spaces, tabs or <c>\r</c>) are skipped. A UTF-8 byte order mark at the start is skipped. A line
/// that is not a value of the requested type goes to <see cref="JsonlReadOptions.OnError"/>
/// with its line number and the read goes on; see <see cref="JsonlReadOptions"/>.
/// </remarks>
public static class JsonlSource
{
    /// <summary>Reads the JSONL file at <paramref name="path"/>.</summary>
    /// <typeparam name="T">The type of each line's value.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="typeInfo">How to read a <typeparamref name="T"/>, from a <c>JsonSerializerContext</c>.</param>
    /// <param name="options">Error handling and buffer sizes; null for <see cref="JsonlReadOptions.Default"/>.</param>
    /// <param name="cancellationToken">Ends the read with <see cref="OperationCanceledException"/>.</param>
    public static IAsyncEnumerable<T> ReadAsync<T>(
        string path,
        JsonTypeInfo<T> typeInfo,
        JsonlReadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(typeInfo);
        options ??= JsonlReadOptions.Default;
        options.Validate();
        return ReadCoreAsync(path, stream: null, pipe: null, typeInfo, options, cancellationToken);
    }

    /// <summary>Reads JSONL from <paramref name="stream"/>, which is disposed at the end unless <see cref="JsonlReadOptions.LeaveOpen"/>.</summary>
    /// <typeparam name="T">The type of each line's value.</typeparam>
    /// <param name="stream">The input.</param>
    /// <param name="typeInfo">How to read a <typeparamref name="T"/>, from a <c>JsonSerializerContext</c>.</param>
    /// <param name="options">Error handling and buffer sizes; null for <see cref="JsonlReadOptions.Default"/>.</param>
    /// <param name="cancellationToken">Ends the read with <see cref="OperationCanceledException"/>.</param>
    public static IAsyncEnumerable<T> ReadAsync<T>(
        Stream stream,
        JsonTypeInfo<T> typeInfo,
        JsonlReadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(typeInfo);
        options ??= JsonlReadOptions.Default;
        options.Validate();
        return ReadCoreAsync(path: null, stream, pipe: null, typeInfo, options, cancellationToken);
    }

    /// <summary>
    /// Reads JSONL from <paramref name="reader"/>. The reader is advanced past what was read but not
    /// completed: it belongs to the caller.
    /// </summary>
    /// <typeparam name="T">The type of each line's value.</typeparam>
    /// <param name="reader">The input.</param>
    /// <param name="typeInfo">How to read a <typeparamref name="T"/>, from a <c>JsonSerializerContext</c>.</param>
    /// <param name="options">Error handling and the longest line; null for <see cref="JsonlReadOptions.Default"/>.</param>
    /// <param name="cancellationToken">Ends the read with <see cref="OperationCanceledException"/>.</param>
    public static IAsyncEnumerable<T> ReadAsync<T>(
        PipeReader reader,
        JsonTypeInfo<T> typeInfo,
        JsonlReadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(typeInfo);
        options ??= JsonlReadOptions.Default;
        options.Validate();
        return ReadCoreAsync(path: null, stream: null, reader, typeInfo, options, cancellationToken);
    }

    /// <summary>One iterator for every overload (nesting iterators costs a state machine step per value).</summary>
    private static async IAsyncEnumerable<T> ReadCoreAsync<T>(
        string? path,
        Stream? stream,
        PipeReader? pipe,
        JsonTypeInfo<T> typeInfo,
        JsonlReadOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The file is opened when enumeration starts, not when ReadAsync is called.
        PipeReader reader = pipe ?? PipeReader.Create(
            stream ?? OpenRead(path!),
            new StreamPipeReaderOptions(
                pool: null,
                bufferSize: options.BufferSize,
                minimumReadSize: Math.Max(1, options.BufferSize / 4),
                leaveOpen: stream is not null && options.LeaveOpen));
        try
        {
            var lines = new LineParser<T>(typeInfo, options);
            while (true)
            {
                ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (result.IsCanceled)
                {
                    // CancelPendingRead by the pipe's owner: stop where we are.
                    reader.AdvanceTo(buffer.Start);
                    yield break;
                }

                // The values are yielded while the buffer is still held: the pipe is only advanced once
                // every complete line in it has been handed out.
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (buffer.IsSingleSegment)
                    {
                        // The common case: lines as spans of one segment, found with IndexOf.
                        ReadOnlyMemory<byte> memory = buffer.First;
                        int used = 0;
                        while (true)
                        {
                            int end = memory.Span.Slice(used).IndexOf((byte)'\n');
                            if (end < 0)
                            {
                                break;
                            }

                            bool parsed = lines.Next(memory.Span.Slice(used, end), terminated: true, out T? value);
                            used += end + 1;
                            if (parsed)
                            {
                                yield return value!;
                                cancellationToken.ThrowIfCancellationRequested();
                            }
                        }

                        buffer = buffer.Slice(used);
                        break;
                    }

                    // A line that starts in one segment and ends in a later one.
                    SequencePosition? lineEnd = buffer.PositionOf((byte)'\n');
                    if (lineEnd is null)
                    {
                        break;
                    }

                    ReadOnlySequence<byte> line = buffer.Slice(0, lineEnd.Value);
                    buffer = buffer.Slice(buffer.GetPosition(1, lineEnd.Value));
                    if (lines.Next(line, terminated: true, out T? straddling))
                    {
                        yield return straddling!;
                    }
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty && lines.Next(buffer, terminated: false, out T? last))
                    {
                        yield return last!;
                    }

                    reader.AdvanceTo(buffer.End);
                    yield break;
                }

                if (lines.SkipsOrRefuses(buffer))
                {
                    // Part of a line too long to keep: let it go.
                    reader.AdvanceTo(buffer.End);
                }
                else
                {
                    // Keep the partial line and ask for more.
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        finally
        {
            if (pipe is null)
            {
                // Ours: completing it disposes the stream (unless the caller's, with LeaveOpen).
                await reader.CompleteAsync().ConfigureAwait(false);
            }
        }
    }

    private static FileStream OpenRead(string path) =>
        // bufferSize 0: the pipe does the buffering.
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>
    /// Turns complete lines into values or error reports, keeping the line count and byte offset.
    /// Synchronous: spans (and the JSON reader under the serializer) live only here.
    /// </summary>
    private sealed class LineParser<T>
    {
        private readonly JsonTypeInfo<T> typeInfo;
        private readonly JsonlReadOptions options;
        private long lineNumber;
        private long offset;
        private long errors;
        private bool skipping;

        public LineParser(JsonTypeInfo<T> typeInfo, JsonlReadOptions options)
        {
            this.typeInfo = typeInfo;
            this.options = options;
        }

        /// <summary>A line in several pipe segments (at most one per buffer): copied whole, unless it is too long to keep.</summary>
        public bool Next(ReadOnlySequence<byte> line, bool terminated, out T? value)
        {
            if (line.IsSingleSegment)
            {
                return Next(line.FirstSpan, terminated, out value);
            }

            // Room for a byte order mark and a \r, which do not count.
            if (line.Length > options.MaxLineLength + 4L)
            {
                value = default;
                lineNumber++;
                long start = offset;
                offset += line.Length + (terminated ? 1 : 0);
                if (skipping)
                {
                    skipping = false;
                    return false;
                }

                Report(new JsonlError(lineNumber, start, line.Length, JsonlErrorKind.TooLong,
                    $"The line is {line.Length} bytes long; the limit is {options.MaxLineLength}.", Head(line), isTruncated: true, exception: null));
                return false;
            }

            int length = (int)line.Length;
            byte[] copy = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                line.CopyTo(copy);
                return Next(copy.AsSpan(0, length), terminated, out value);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }

        /// <summary>Handles one line (without its <c>\n</c>); true with a value, false for a blank, skipped or bad line.</summary>
        public bool Next(ReadOnlySpan<byte> line, bool terminated, out T? value)
        {
            value = default;
            lineNumber++;
            long start = offset;
            offset += line.Length + (terminated ? 1 : 0);
            if (skipping)
            {
                // The end of a line already reported as too long.
                skipping = false;
                return false;
            }

            if (start == 0 && line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }

            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.Length > options.MaxLineLength)
            {
                Report(new JsonlError(lineNumber, start, line.Length, JsonlErrorKind.TooLong,
                    $"The line is {line.Length} bytes long; the limit is {options.MaxLineLength}.", Text(line, out bool cut), cut, exception: null));
                return false;
            }

            if (line.IndexOfAnyExcept(" \t\r"u8) < 0)
            {
                // Blank.
                return false;
            }

            Exception failure;
            try
            {
                // The span overload parses once and refuses anything after the value.
                value = JsonSerializer.Deserialize(line, typeInfo);
                if (value is not null || typeof(T).IsValueType)
                {
                    return true;
                }

                Report(new JsonlError(lineNumber, start, line.Length, JsonlErrorKind.Null,
                    $"The line is null; expected a {typeof(T).Name}.", Text(line, out bool cut), cut, exception: null));
                return false;
            }
            catch (Exception exception) when (exception is JsonException or FormatException or OverflowException or ArgumentException)
            {
                failure = exception;
            }

            value = default;
            Report(new JsonlError(lineNumber, start, line.Length, JsonlErrorKind.Malformed, failure.Message, Text(line, out bool truncated), truncated, failure));
            return false;
        }

        /// <summary>
        /// Called with what is left of the buffer when it holds no line break: true when that part must
        /// not be kept (the rest of a too-long line, or the start of one, which is reported now).
        /// </summary>
        public bool SkipsOrRefuses(ReadOnlySequence<byte> partial)
        {
            if (skipping)
            {
                offset += partial.Length;
                return true;
            }

            if (partial.Length <= options.MaxLineLength)
            {
                return false;
            }

            // Reported with the number it will have when its end comes (Next counts it then).
            Report(new JsonlError(lineNumber + 1, offset, partial.Length, JsonlErrorKind.TooLong,
                $"The line is longer than the limit of {options.MaxLineLength} bytes; it was skipped.", Head(partial), isTruncated: true, exception: null));
            offset += partial.Length;
            skipping = true;
            return true;
        }

        private void Report(JsonlError error)
        {
            errors++;
            if (options.OnError is not { } onError)
            {
                throw new JsonlException($"Line {error.LineNumber} is not a {typeof(T).Name}: {error.Message} (set JsonlReadOptions.OnError to report bad lines and read on).", error);
            }

            if (errors > options.MaxErrors)
            {
                throw new JsonlException($"More than {options.MaxErrors} bad lines; the last is line {error.LineNumber}: {error.Message}", error);
            }

            onError(error);
        }

        /// <summary>The start of a long line, as text.</summary>
        private string Head(ReadOnlySequence<byte> line)
        {
            // One byte more than shown, so Text can tell where the last character ends.
            byte[] head = line.Slice(0, Math.Min(line.Length, options.MaxErrorTextLength + 1L)).ToArray();
            return Text(head, out _);
        }

        /// <summary>At most MaxErrorTextLength bytes (so at most that many characters), never half a character.</summary>
        private string Text(ReadOnlySpan<byte> line, out bool truncated)
        {
            int count = Math.Min(line.Length, options.MaxErrorTextLength);
            truncated = count < line.Length;
            while (count > 0 && count < line.Length && (line[count] & 0xC0) == 0x80)
            {
                count--;
            }

            return Encoding.UTF8.GetString(line[..count]);
        }
    }
}
