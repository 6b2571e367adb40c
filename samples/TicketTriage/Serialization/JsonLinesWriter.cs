using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TicketTriage.Serialization;

/// <summary>Writes one JSON document per line (JSON Lines) to a file, with source-generated metadata.</summary>
/// <typeparam name="T">The type of each line.</typeparam>
public sealed class JsonLinesWriter<T> : IDisposable
{
    private readonly Stream stream;
    private readonly Utf8JsonWriter writer;
    private readonly JsonTypeInfo<T> typeInfo;

    /// <summary>Creates (or replaces) the file at <paramref name="path"/>, creating its folder when needed.</summary>
    public JsonLinesWriter(string path, JsonTypeInfo<T> typeInfo)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(typeInfo);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
        writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = typeInfo.Options.Encoder, Indented = false });
        this.typeInfo = typeInfo;
    }

    /// <summary>Lines written so far.</summary>
    public long Count { get; private set; }

    /// <summary>Writes <paramref name="item"/> as one line.</summary>
    public void Write(T item)
    {
        JsonSerializer.Serialize(writer, item, typeInfo);
        writer.Flush();
        writer.Reset();
        stream.WriteByte((byte)'\n');
        Count++;
    }

    /// <summary>
    /// Writes <paramref name="text"/> as one line, as it is: for a line that is deliberately not a
    /// <typeparamref name="T"/>. It must not hold a line break.
    /// </summary>
    public void WriteRaw(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A line cannot hold a line break.", nameof(text));
        }

        writer.Flush();
        writer.Reset();
        stream.Write(Encoding.UTF8.GetBytes(text));
        stream.WriteByte((byte)'\n');
        Count++;
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        writer.Dispose();
        stream.Dispose();
    }
}
