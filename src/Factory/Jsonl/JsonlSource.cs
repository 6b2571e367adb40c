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
                    SequencePosition? end = buffer.PositionOf((byte)'\n');
                    if (end is null)
                    {
                        break;
                    }

                    ReadOnlySequence<byte> line = buffer.Slice(0, end.Value);
                    buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
                    if (lines.Next(line, terminated: true, out T? value))
                    {
                        yield return value!;
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
        private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

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

        /// <summary>Handles one line (without its <c>\n</c>); true with a value, false for a blank, skipped or bad line.</summary>
        public bool Next(ReadOnlySequence<byte> line, bool terminated, out T? value)
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

            if (start == 0 && line.Length >= 3 && StartsWithByteOrderMark(line))
            {
                line = line.Slice(3);
            }

            if (line.Length > 0 && EndsWithCarriageReturn(line))
            {
                line = line.Slice(0, line.Length - 1);
            }

            long length = line.Length;
            if (length > options.MaxLineLength)
            {
                Report(new JsonlError(lineNumber, start, length, JsonlErrorKind.TooLong,
                    $"The line is {length} bytes long; the limit is {options.MaxLineLength}.", Text(line, out bool cut), cut, exception: null));
                return false;
            }

            if (IsBlank(line))
            {
                return false;
            }

            Exception? failure;
            try
            {
                // The span overload parses once and refuses anything after the value; a line that
                // straddles two pipe segments (rare: at most one per buffer) is copied to be whole.
                value = line.IsSingleSegment ? JsonSerializer.Deserialize(line.FirstSpan, typeInfo) : DeserializeCopy(line);
                if (value is not null || typeof(T).IsValueType)
                {
                    return true;
                }

                Report(new JsonlError(lineNumber, start, length, JsonlErrorKind.Null,
                    $"The line is null; expected a {typeof(T).Name}.", Text(line, out bool cut), cut, exception: null));
                return false;
            }
            catch (Exception exception) when (exception is JsonException or FormatException or OverflowException or ArgumentException)
            {
                failure = exception;
            }

            value = default;
            Report(new JsonlError(lineNumber, start, length, JsonlErrorKind.Malformed, failure.Message, Text(line, out bool truncated), truncated, failure));
            return false;
        }

        private T? DeserializeCopy(ReadOnlySequence<byte> line)
        {
            byte[] copy = ArrayPool<byte>.Shared.Rent(checked((int)line.Length));
            try
            {
                line.CopyTo(copy);
                return JsonSerializer.Deserialize(copy.AsSpan(0, (int)line.Length), typeInfo);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
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
                $"The line is longer than the limit of {options.MaxLineLength} bytes; it was skipped.", Text(partial, out _), isTruncated: true, exception: null));
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

        private string Text(ReadOnlySequence<byte> line, out bool truncated)
        {
            int max = options.MaxErrorTextLength;
            truncated = line.Length > max;
            ReadOnlySequence<byte> head = truncated ? line.Slice(0, max) : line;
            byte[] bytes = head.ToArray();
            int count = bytes.Length;
            if (truncated)
            {
                // Do not cut a character in two: back up to the start of the last one.
                while (count > 0 && count < line.Length && (line.Slice(count, 1).FirstSpan[0] & 0xC0) == 0x80)
                {
                    count--;
                }
            }

            // At most max bytes, so at most max characters.
            return Encoding.UTF8.GetString(bytes, 0, count);
        }

        private static bool StartsWithByteOrderMark(ReadOnlySequence<byte> line)
        {
            Span<byte> head = stackalloc byte[3];
            line.Slice(0, 3).CopyTo(head);
            return head.SequenceEqual(ByteOrderMark);
        }

        private static bool EndsWithCarriageReturn(ReadOnlySequence<byte> line) =>
            line.IsSingleSegment ? line.FirstSpan[^1] == (byte)'\r' : line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r';

        private static bool IsBlank(ReadOnlySequence<byte> line)
        {
            foreach (ReadOnlyMemory<byte> segment in line)
            {
                if (segment.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
