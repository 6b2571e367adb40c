using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Collections.Generic;
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
    /// <summary>
    /// The headers a pack carries once for all its materials: they are the run's, the same for each. (Not the run's
    /// start: a worker may send a cancelled start's leftover and the next start's materials on in one pack.)
    /// </summary>
    private static readonly string[] RunLevel =
    [
        MessageHeaders.RunId, MessageHeaders.JobId, MessageHeaders.Tenant, MessageHeaders.Permissions,
        MessageHeaders.MaxTokens, MessageHeaders.MaxCost, MessageHeaders.Sampling, MessageHeaders.Submitter,
    ];

    private static readonly FrozenSet<string> IsRunLevel = RunLevel.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The names a material's headers have, as read back without a string made for each (they are the same in every material).</summary>
    private static readonly (byte[] Utf8, string Name)[] Known = new[]
    {
        MessageHeaders.MaterialId, MessageHeaders.ParentId, MessageHeaders.Root, MessageHeaders.Sequence, MessageHeaders.Attempt,
        MessageHeaders.StationVersion, MessageHeaders.Kind, MessageHeaders.Station, MessageHeaders.ExceptionType, MessageHeaders.Reason,
        MessageHeaders.Attempts, MessageHeaders.Children, MessageHeaders.Gather, MessageHeaders.CaseType, MessageHeaders.Repeat,
        MessageHeaders.TraceParent, MessageHeaders.TraceState, MessageHeaders.RunStart,
    }.Select(name => (Encoding.UTF8.GetBytes(name), name)).ToArray();

    /// <summary>The known names' UTF-8 bytes, written without encoding them again for every material.</summary>
    private static readonly FrozenDictionary<string, byte[]> KnownUtf8 = Known.ToFrozenDictionary(known => known.Name, known => known.Utf8, StringComparer.Ordinal);

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
        Dictionary<string, object?> headers = HeadersOf(materials);
        byte[] body = new byte[Measure(materials)];
        WriteBody(materials, body);
        return (headers, body);
    }

    /// <summary>
    /// As <see cref="Write"/>, the body in an array rented from <see cref="ArrayPool{T}.Shared"/> (its first
    /// <c>Length</c> bytes), which the caller returns once the message is published: a pack is written per
    /// message, on every publisher's hot path.
    /// </summary>
    public static (Dictionary<string, object?> Headers, byte[] Rented, int Length) WriteRented(IReadOnlyList<PackedMaterial> materials)
    {
        Dictionary<string, object?> headers = HeadersOf(materials);
        int length = Measure(materials);
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        WriteBody(materials, rented.AsSpan(0, length));
        return (headers, rented, length);
    }

    private static Dictionary<string, object?> HeadersOf(IReadOnlyList<PackedMaterial> materials)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(materials.Count, 2);
        var headers = new Dictionary<string, object?>(RunLevel.Length + 1, StringComparer.Ordinal) { [MessageHeaders.Pack] = materials.Count };
        foreach (string name in RunLevel)
        {
            if (materials[0].Headers!.TryGetValue(name, out object? value))
            {
                headers[name] = value;
            }
        }

        return headers;
    }

    /// <summary>The exact bytes the body of <paramref name="materials"/> takes.</summary>
    private static int Measure(IReadOnlyList<PackedMaterial> materials)
    {
        int bytes = 0;
        for (int m = 0; m < materials.Count; m++)
        {
            bytes += 2 + 4 + materials[m].Body.Length;
            IDictionary<string, object?> own = materials[m].Headers!;
            foreach ((string name, object? value) in Entries(own))
            {
                if (IsRunLevel.Contains(name))
                {
                    continue;
                }

                bytes += 1 + NameLength(name) + 1 + value switch
                {
                    null => 0,
                    long or int or short or byte => 8,
                    byte[] utf8 => 4 + utf8.Length,
                    string text => 4 + Encoding.UTF8.GetByteCount(text),
                    _ => 4 + Encoding.UTF8.GetByteCount(MessageHeaders.Text(own, name) ?? string.Empty),
                };
            }
        }

        return bytes;
    }

    private static void WriteBody(IReadOnlyList<PackedMaterial> materials, Span<byte> body)
    {
        int at = 0;
        for (int m = 0; m < materials.Count; m++)
        {
            IDictionary<string, object?> own = materials[m].Headers!;

            // The count goes before the headers, written once they are.
            int countAt = Advance(ref at, 2);
            int count = 0;
            foreach ((string name, object? value) in Entries(own))
            {
                if (IsRunLevel.Contains(name))
                {
                    continue;
                }

                count++;
                WriteName(body, ref at, name);
                switch (value)
                {
                    case null:
                        body[at++] = Null;
                        break;
                    case long or int or short or byte:
                        body[at++] = Number;
                        long number = value switch { long l => l, int i => i, short s => s, _ => (byte)value };
                        BinaryPrimitives.WriteInt64BigEndian(body[Advance(ref at, 8)..], number);
                        break;
                    case byte[] utf8:
                        body[at++] = Text;
                        BinaryPrimitives.WriteInt32BigEndian(body[Advance(ref at, 4)..], utf8.Length);
                        utf8.CopyTo(body[Advance(ref at, utf8.Length)..]);
                        break;
                    default:
                        body[at++] = Text;
                        string text = value as string ?? MessageHeaders.Text(own, name) ?? string.Empty;
                        int length = Encoding.UTF8.GetBytes(text, body[(at + 4)..]);
                        BinaryPrimitives.WriteInt32BigEndian(body[at..], length);
                        at += 4 + length;
                        break;
                }
            }

            BinaryPrimitives.WriteUInt16BigEndian(body[countAt..], checked((ushort)count));
            ReadOnlySpan<byte> content = materials[m].Body.Span;
            BinaryPrimitives.WriteInt32BigEndian(body[Advance(ref at, 4)..], content.Length);
            content.CopyTo(body[Advance(ref at, content.Length)..]);
        }
    }

    /// <summary>A material's headers as a <see cref="Dictionary{TKey, TValue}"/> (as they come), enumerated without boxing an enumerator twice a material.</summary>
    private static Dictionary<string, object?> Entries(IDictionary<string, object?> headers) =>
        headers as Dictionary<string, object?> ?? new Dictionary<string, object?>(headers, StringComparer.Ordinal);

    private static int NameLength(string name) =>
        KnownUtf8.TryGetValue(name, out byte[]? utf8) ? utf8.Length : Encoding.UTF8.GetByteCount(name);

    private static void WriteName(Span<byte> body, ref int at, string name)
    {
        if (KnownUtf8.TryGetValue(name, out byte[]? utf8))
        {
            body[at] = checked((byte)utf8.Length);
            utf8.CopyTo(body[(at + 1)..]);
            at += 1 + utf8.Length;
            return;
        }

        int length = Encoding.UTF8.GetBytes(name, body[(at + 1)..]);
        body[at] = checked((byte)length);
        at += 1 + length;
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

        // The run's headers, as text once for the pack (RabbitMQ hands text back as bytes): every material shares them.
        var run = new List<KeyValuePair<string, object?>>(RunLevel.Length);
        foreach (string name in RunLevel)
        {
            if (headers!.TryGetValue(name, out object? value))
            {
                run.Add(new(name, value is byte[] utf8 ? Encoding.UTF8.GetString(utf8) : value));
            }
        }

        // Each known header's last text: a text the materials share (a station's version, a kind) is made once.
        var last = new (int At, int Length, string? Text)[Known.Length];
        int at = 0;
        try
        {
            for (long i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> span = body.Span;
                int headerCount = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
                at += 2;
                var own = new HeaderList(headerCount + run.Count);
                foreach ((string name, object? value) in run)
                {
                    own.Append(name, value);
                }

                for (int h = 0; h < headerCount; h++)
                {
                    string name = ReadName(span, ref at, out int known);
                    byte tag = span[at++];
                    own[name] = tag switch
                    {
                        Null => null,
                        Number => MessageHeaders.Boxed(BinaryPrimitives.ReadInt64BigEndian(span[Advance(ref at, 8)..])),
                        Text => ReadText(span, ref at, known < 0 ? null : last, known),
                        _ => throw new FormatException($"A packed material's header '{name}' has an unknown tag {tag}."),
                    };
                }

                int length = BinaryPrimitives.ReadInt32BigEndian(span[Advance(ref at, 4)..]);
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

    private static string ReadName(ReadOnlySpan<byte> span, ref int at, out int known)
    {
        ReadOnlySpan<byte> name = span.Slice(at + 1, span[at]);
        for (known = 0; known < Known.Length; known++)
        {
            if (name.SequenceEqual(Known[known].Utf8))
            {
                at += 1 + name.Length;
                return Known[known].Name;
            }
        }

        known = -1;
        string text = Encoding.UTF8.GetString(name);
        at += 1 + name.Length;
        return text;
    }

    /// <summary>A text value (32-bit length, UTF-8); the same text as the known header's last is that string again.</summary>
    private static string ReadText(ReadOnlySpan<byte> span, ref int at, (int At, int Length, string? Text)[]? last, int known)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(span[at..]);
        at += 4;
        ReadOnlySpan<byte> utf8 = span.Slice(at, length);
        string text;
        if (last is not null && last[known] is { Text: { } before } seen && seen.Length == length && span.Slice(seen.At, seen.Length).SequenceEqual(utf8))
        {
            text = before;
        }
        else
        {
            text = Encoding.UTF8.GetString(utf8);
        }

        if (last is not null)
        {
            last[known] = (at, length, text);
        }

        at += length;
        return text;
    }
}
