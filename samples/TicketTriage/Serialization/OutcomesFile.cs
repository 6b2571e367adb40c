using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace TicketTriage.Serialization;

/// <summary>
/// The outcomes file as a run writes it. A new run replaces it; a resumed run opens it to add to it,
/// after dropping a last line cut off by the interruption, and <see cref="Claim"/> refuses a ticket
/// whose reply or escalation is already there, so no ticket is answered twice (the file's writes are
/// idempotent, keyed by the ticket id, as the ledger asks of a station's side effects).
/// </summary>
public sealed class OutcomesFile
{
    private readonly HashSet<string> written;

    private OutcomesFile(Stream stream, HashSet<string> written)
    {
        Stream = stream;
        this.written = written;
    }

    /// <summary>Where the outcomes go; the JSON Lines writer disposes it.</summary>
    public Stream Stream { get; }

    /// <summary>Tickets the file held when it was opened.</summary>
    public int Before { get; private init; }

    /// <summary>A new, empty outcomes file at <paramref name="path"/>.</summary>
    public static OutcomesFile Create(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous), new HashSet<string>(StringComparer.Ordinal));

    /// <summary>The outcomes file at <paramref name="path"/>, opened to add to (created when missing), with the tickets it already answers.</summary>
    public static OutcomesFile Reopen(string path)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        long keep = 0;
        if (File.Exists(path))
        {
            byte[] content = File.ReadAllBytes(path);
            int start = 0;
            for (int i = 0; i < content.Length; i++)
            {
                if (content[i] != (byte)'\n')
                {
                    continue;
                }

                if (TicketId(content.AsSpan(start, i - start)) is { } id)
                {
                    ids.Add(id);
                }

                start = i + 1;
            }

            keep = start; // a last line without its newline was cut off mid-write: it is dropped, and its ticket answered again
        }

        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
        stream.SetLength(keep);
        stream.Seek(keep, SeekOrigin.Begin);
        return new OutcomesFile(stream, ids) { Before = ids.Count };
    }

    /// <summary>True the first time a ticket is seen (write its outcome); false when the file already has it.</summary>
    public bool Claim(string ticketId) => written.Add(ticketId);

    private static string? TicketId(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isId = reader.ValueTextEquals("ticketId"u8);
                reader.Read();
                if (isId && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
