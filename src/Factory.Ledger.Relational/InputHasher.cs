using System;
using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Factory.Ledger.Relational;

/// <summary>
/// The SHA-256 of an input's JSON (<see cref="InputJson"/>: through the run's resolver, secrets
/// redacted), as lowercase hex. The JSON is written into a buffer kept from one input to the next
/// and hashed into the stack: the hex text is the only allocation. One per thread: inputs are
/// hashed where they enter, off the ledger's writer thread.
/// </summary>
internal sealed class InputHasher
{
    [ThreadStatic]
    private static InputHasher? current;

    private readonly ArrayBufferWriter<byte> json = new(256);
    private Utf8JsonWriter? writer;
    private JsonSerializerOptions? writerOptions;

    /// <summary>This thread's hasher.</summary>
    public static InputHasher ForThisThread => current ??= new InputHasher();

    /// <summary>The hash of <paramref name="value"/>'s JSON; null when there is no value, no resolver, or its type is not in it.</summary>
    public string? Hash(RunRecorder run, object? value)
    {
        if (run.Json is not { } options || value is null)
        {
            return null;
        }

        try
        {
            if (!options.TryGetTypeInfo(value.GetType(), out JsonTypeInfo? info))
            {
                return null;
            }

            json.ResetWrittenCount();
            Utf8JsonWriter output = WriterFor(options);
            output.Reset(json);
            JsonSerializer.Serialize(output, value, info);
            output.Flush();
            ReadOnlySpan<byte> text = json.WrittenSpan;
            if (!run.Redactor.IsEmpty)
            {
                text = Encoding.UTF8.GetBytes(run.Redactor.Redact(Encoding.UTF8.GetString(text)));
            }

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(text, hash);
            return Convert.ToHexStringLower(hash);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A writer that writes what <see cref="JsonSerializer.SerializeToUtf8Bytes(object?, JsonTypeInfo)"/> would with these options.</summary>
    private Utf8JsonWriter WriterFor(JsonSerializerOptions options)
    {
        if (writer is null || !ReferenceEquals(options, writerOptions))
        {
            writer?.Dispose();
            writer = new Utf8JsonWriter(json, new JsonWriterOptions
            {
                Encoder = options.Encoder,
                Indented = options.WriteIndented,
                IndentCharacter = options.IndentCharacter,
                IndentSize = options.IndentSize,
                NewLine = options.NewLine,
                MaxDepth = options.MaxDepth == 0 ? 64 : options.MaxDepth,
                SkipValidation = true,
            });
            writerOptions = options;
        }

        return writer;
    }
}
