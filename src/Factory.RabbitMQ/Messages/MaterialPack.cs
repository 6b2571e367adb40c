using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Factory.RabbitMQ;

/// <summary>One material in a message: its headers (as a message of its own would carry them) and its body.</summary>
internal readonly record struct PackedMaterial(IDictionary<string, object?>? Headers, ReadOnlyMemory<byte> Body);

/// <summary>
/// Several materials of one run bound for one queue in one message: the broker spends its CPU per message,
/// not per byte (about 110 µs a message a queue here), so a message that carries many materials carries them
/// for the price of one. The message's headers say the run and its job order (<see cref="RunLevel"/>) and
/// how many materials it holds (<see cref="MessageHeaders.Pack"/>); its body holds each material's own
/// headers (material id, parent, root, sequence, attempt, kind, trace context...) and body, in order:
/// per material a 16-bit count of headers, each a length-prefixed UTF-8 name, a tag (0 null, 1 a 64-bit
/// number, 2 UTF-8 text) and the value; then the body's 32-bit length and its bytes (big-endian).
/// A message without <see cref="MessageHeaders.Pack"/> is one material, as before packing.
/// </summary>
internal static class MaterialPack
{
    /// <summary>The headers a pack carries once for all its materials: they are the run's, the same for each.</summary>
    private static readonly string[] RunLevel =
    [
        MessageHeaders.RunId, MessageHeaders.JobId, MessageHeaders.Tenant, MessageHeaders.Permissions,
        MessageHeaders.MaxTokens, MessageHeaders.MaxCost, MessageHeaders.Sampling, MessageHeaders.Submitter,
    ];

    /// <summary>The names a material's headers have, as read back without a string made for each (they are the same in every material).</summary>
    private static readonly (byte[] Utf8, string Name)[] Known = new[]
    {
        MessageHeaders.MaterialId, MessageHeaders.ParentId, MessageHeaders.Root, MessageHeaders.Sequence, MessageHeaders.Attempt,
        MessageHeaders.StationVersion, MessageHeaders.Kind, MessageHeaders.Station, MessageHeaders.ExceptionType, MessageHeaders.Reason,
        MessageHeaders.Attempts, MessageHeaders.Children, MessageHeaders.Gather, MessageHeaders.CaseType, MessageHeaders.Repeat,
        MessageHeaders.TraceParent, MessageHeaders.TraceState,
    }.Select(name => (Encoding.UTF8.GetBytes(name), name)).ToArray();

    private const byte Null = 0;
    private const byte Number = 1;
    private const byte Text = 2;

    /// <summary>True for a message that holds several materials.</summary>
    public static bool IsPack(IDictionary<string, object?>? headers) => headers?.ContainsKey(MessageHeaders.Pack) == true;

    /// <summary>The bytes a material takes in a pack, about: its body and a bound on its headers.</summary>
    public static int SizeOf(IDictionary<string, object?> headers, ReadOnlyMemory<byte> body) => body.Length + 64 * headers.Count;

    /// <summary>
    /// One message of <paramref name="materials"/>, all of one run: the run's headers (of the first) and the count on
    /// the message, the rest of each material's headers with its body inside.
    /// </summary>
    public static (Dictionary<string, object?> Headers, byte[] Body) Write(IReadOnlyList<PackedMaterial> materials)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(materials.Count, 2);
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal) { [MessageHeaders.Pack] = materials.Count };
        foreach (string name in RunLevel)
        {
            if (materials[0].Headers!.TryGetValue(name, out object? value))
            {
                headers[name] = value;
            }
        }

        using var stream = new MemoryStream();
        Span<byte> scratch = stackalloc byte[8];
        foreach (PackedMaterial material in materials)
        {
            IDictionary<string, object?> own = material.Headers!;
            int count = 0;
            foreach (KeyValuePair<string, object?> header in own)
            {
                count += Array.IndexOf(RunLevel, header.Key) < 0 ? 1 : 0;
            }

            BinaryPrimitives.WriteUInt16BigEndian(scratch, checked((ushort)count));
            stream.Write(scratch[..2]);
            foreach ((string name, object? value) in own)
            {
                if (Array.IndexOf(RunLevel, name) >= 0)
                {
                    continue;
                }

                WriteText(stream, name, scratch, lengthBytes: 1);
                switch (value)
                {
                    case null:
                        stream.WriteByte(Null);
                        break;
                    case long or int or short or byte:
                        stream.WriteByte(Number);
                        BinaryPrimitives.WriteInt64BigEndian(scratch, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                        stream.Write(scratch[..8]);
                        break;
                    default:
                        stream.WriteByte(Text);
                        WriteText(stream, MessageHeaders.Text(own, name) ?? string.Empty, scratch, lengthBytes: 4);
                        break;
                }
            }

            BinaryPrimitives.WriteInt32BigEndian(scratch, material.Body.Length);
            stream.Write(scratch[..4]);
            stream.Write(material.Body.Span);
        }

        return (headers, stream.ToArray());
    }

    /// <summary>
    /// The materials a message holds, in order: a pack's, each with the pack's run headers and its own; else the
    /// message itself. The bodies are slices of <paramref name="body"/> (valid as long as it is).
    /// </summary>
    /// <exception cref="FormatException">A pack whose body does not hold what its count says.</exception>
    public static IReadOnlyList<PackedMaterial> Read(IDictionary<string, object?>? headers, ReadOnlyMemory<byte> body)
    {
        if (!IsPack(headers))
        {
            return [new PackedMaterial(headers, body)];
        }

        long count = MessageHeaders.Long(headers, MessageHeaders.Pack);
        var materials = new List<PackedMaterial>((int)Math.Min(count, 4096));
        int at = 0;
        try
        {
            for (long i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> span = body.Span;
                int headerCount = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
                at += 2;
                var own = new Dictionary<string, object?>(headerCount + RunLevel.Length, StringComparer.Ordinal);
                foreach (string name in RunLevel)
                {
                    if (headers!.TryGetValue(name, out object? value))
                    {
                        own[name] = value;
                    }
                }

                for (int h = 0; h < headerCount; h++)
                {
                    string name = ReadName(body.Span, ref at);
                    byte tag = body.Span[at++];
                    own[name] = tag switch
                    {
                        Null => null,
                        Number => BinaryPrimitives.ReadInt64BigEndian(body.Span[Advance(ref at, 8)..]),
                        Text => ReadText(body.Span, ref at, lengthBytes: 4),
                        _ => throw new FormatException($"A packed material's header '{name}' has an unknown tag {tag}."),
                    };
                }

                int length = BinaryPrimitives.ReadInt32BigEndian(body.Span[Advance(ref at, 4)..]);
                materials.Add(new PackedMaterial(own, body.Slice(Advance(ref at, length), length)));
            }
        }
        catch (Exception cut) when (cut is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new FormatException($"A pack of {count} materials ends after {materials.Count}: it was not written by Factory, or was cut.", cut);
        }

        if (at != body.Length)
        {
            throw new FormatException($"A pack of {count} materials has {body.Length - at} bytes more than they take.");
        }

        return materials;
    }

    private static int Advance(ref int at, int by)
    {
        int from = at;
        at += by;
        return from;
    }

    private static void WriteText(Stream stream, string text, Span<byte> scratch, int lengthBytes)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        if (lengthBytes == 1)
        {
            stream.WriteByte(checked((byte)length));
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(scratch, length);
            stream.Write(scratch[..4]);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        int written = Encoding.UTF8.GetBytes(text, rented);
        stream.Write(rented, 0, written);
        ArrayPool<byte>.Shared.Return(rented);
    }

    private static string ReadName(ReadOnlySpan<byte> span, ref int at)
    {
        ReadOnlySpan<byte> name = span.Slice(at + 1, span[at]);
        foreach ((byte[] utf8, string known) in Known)
        {
            if (name.SequenceEqual(utf8))
            {
                at += 1 + name.Length;
                return known;
            }
        }

        return ReadText(span, ref at, lengthBytes: 1);
    }

    private static string ReadText(ReadOnlySpan<byte> span, ref int at, int lengthBytes)
    {
        int length = lengthBytes == 1 ? span[at] : BinaryPrimitives.ReadInt32BigEndian(span[at..]);
        at += lengthBytes;
        string text = Encoding.UTF8.GetString(span.Slice(at, length));
        at += length;
        return text;
    }
}
