using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Jsonl;

/// <summary>
/// Writes values as JSON Lines (one compact JSON value and a <c>\n</c> per value), for draining a
/// line's <c>RunAsync</c> output into a file. Values are serialized by the caller's source-generated
/// <see cref="JsonTypeInfo{T}"/> with one <see cref="Utf8JsonWriter"/> straight into a
/// <see cref="PipeWriter"/>: no string per value, no reflection (trimming- and NativeAOT-safe).
/// </summary>
/// <remarks>
/// Output is always compact (one line per value) whatever the options' <c>WriteIndented</c>; line
/// breaks inside strings are escaped by JSON. If the sequence or serialization throws, or the token is
/// cancelled, the write ends with that exception and what was flushed before stays written.
/// </remarks>
public static class JsonlSink
{
    /// <summary>Writes <paramref name="items"/> to the file at <paramref name="path"/>, replacing it.</summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="items">The values, such as a line's <c>RunAsync</c> output.</param>
    /// <param name="path">The file; created or overwritten.</param>
    /// <param name="typeInfo">How to write a <typeparamref name="T"/>, from a <c>JsonSerializerContext</c>.</param>
    /// <param name="options">Buffering; null for <see cref="JsonlWriteOptions.Default"/>.</param>
    /// <param name="cancellationToken">Ends the write with <see cref="OperationCanceledException"/>.</param>
    /// <returns>How many values were written.</returns>
    public static async Task<long> WriteAsync<T>(
        IAsyncEnumerable<T> items,
        string path,
        JsonTypeInfo<T> typeInfo,
        JsonlWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(typeInfo);
        options ??= JsonlWriteOptions.Default;
        options.Validate();

        // bufferSize 0: the pipe does the buffering.
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        PipeWriter writer = PipeWriter.Create(file, new StreamPipeWriterOptions(minimumBufferSize: options.FlushThreshold, leaveOpen: false));
        try
        {
            return await WriteLinesAsync(items, writer, typeInfo, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes <paramref name="items"/> to <paramref name="stream"/>, which is disposed at the end unless <see cref="JsonlWriteOptions.LeaveOpen"/>.</summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="items">The values, such as a line's <c>RunAsync</c> output.</param>
    /// <param name="stream">The output.</param>
    /// <param name="typeInfo">How to write a <typeparamref name="T"/>, from a <c>JsonSerializerContext</c>.</param>
    /// <param name="options">Buffering; null for <see cref="JsonlWriteOptions.Default"/>.</param>
    /// <param name="cancellationToken">Ends the write with <see cref="OperationCanceledException"/>.</param>
    /// <returns>How many values were written.</returns>
    public static async Task<long> WriteAsync<T>(
        IAsyncEnumerable<T> items,
        Stream stream,
        JsonTypeInfo<T> typeInfo,
        JsonlWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(typeInfo);
        options ??= JsonlWriteOptions.Default;
        options.Validate();
        PipeWriter writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: options.FlushThreshold, leaveOpen: options.LeaveOpen));
        try
        {
            return await WriteLinesAsync(items, writer, typeInfo, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes <paramref name="items"/> to <paramref name="writer"/> and flushes it. The writer is not
    /// completed: it belongs to the caller.
    /// </summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="items">The values, such as a line's <c>RunAsync</c> output.</param>
    /// <param name="writer">The output.</param>
    /// <param name="typeInfo">How to write a <typeparamref name="T"/>, from a <c>JsonSerializerContext</c>.</param>
    /// <param name="options">Buffering; null for <see cref="JsonlWriteOptions.Default"/>.</param>
    /// <param name="cancellationToken">Ends the write with <see cref="OperationCanceledException"/>.</param>
    /// <returns>How many values were written.</returns>
    public static Task<long> WriteAsync<T>(
        IAsyncEnumerable<T> items,
        PipeWriter writer,
        JsonTypeInfo<T> typeInfo,
        JsonlWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(typeInfo);
        options ??= JsonlWriteOptions.Default;
        options.Validate();
        return WriteLinesAsync(items, writer, typeInfo, options, cancellationToken);
    }

    private static async Task<long> WriteLinesAsync<T>(
        IAsyncEnumerable<T> items,
        PipeWriter writer,
        JsonTypeInfo<T> typeInfo,
        JsonlWriteOptions options,
        CancellationToken cancellationToken)
    {
        JsonSerializerOptions json = typeInfo.Options;
        using var line = new Utf8JsonWriter(writer, new JsonWriterOptions
        {
            Encoder = json.Encoder,
            Indented = false,
            MaxDepth = json.MaxDepth,
        });
        long count = 0;
        long unflushed = 0;
        await foreach (T item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            JsonSerializer.Serialize(line, item, typeInfo);
            line.Flush();
            unflushed += line.BytesCommitted + 1;

            // Each value is a new root: Reset lets the writer start another on the same output.
            line.Reset();
            writer.GetSpan(1)[0] = (byte)'\n';
            writer.Advance(1);
            count++;
            if (unflushed >= options.FlushThreshold)
            {
                unflushed = 0;
                await FlushAsync(writer, cancellationToken).ConfigureAwait(false);
            }
        }

        await FlushAsync(writer, cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static async ValueTask FlushAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        FlushResult flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flushed.IsCanceled)
        {
            throw new OperationCanceledException("The JSONL write was cancelled by the pipe's owner.");
        }

        if (flushed.IsCompleted)
        {
            throw new InvalidOperationException("The JSONL output was closed by its reader before the write ended.");
        }
    }
}
