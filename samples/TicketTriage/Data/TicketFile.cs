using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Factory.Jsonl;
using TicketTriage.Serialization;
using TicketTriage.Tickets;

namespace TicketTriage.Data;

/// <summary>
/// The tickets file the line reads: JSON Lines, one <see cref="Ticket"/> per line
/// (<c>{"id":"T-000001","body":"...","expectedCategory":"billing"}</c>). Written from generated
/// <see cref="TicketLine"/>s, broken lines and all; read with the library's <see cref="JsonlSource"/>,
/// which reports every line that is not a ticket, with its line number, and reads on.
/// </summary>
public static class TicketFile
{
    /// <summary>The file's name next to the outcomes file, where the runner writes generated tickets.</summary>
    public const string FileName = "tickets.jsonl";

    /// <summary>Writes <paramref name="lines"/> to <paramref name="path"/> (replacing it), one per line, in order.</summary>
    public static void Write(string path, IEnumerable<TicketLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        using var writer = new JsonLinesWriter<Ticket>(path, TriageJsonContext.Lines.Ticket);
        foreach (TicketLine line in lines)
        {
            if (line.BrokenText is { } text)
            {
                writer.WriteRaw(text);
            }
            else
            {
                writer.Write(line.Ticket);
            }
        }
    }

    /// <summary>
    /// The tickets of the file at <paramref name="path"/>, read as they are needed. A line that is not a
    /// ticket goes to <paramref name="onError"/> (on the reading thread, before the next ticket) and the
    /// read goes on; blank lines are skipped.
    /// </summary>
    public static IAsyncEnumerable<Ticket> ReadAsync(string path, Action<JsonlError> onError, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(onError);
        return JsonlSource.ReadAsync(path, TriageJsonContext.Lines.Ticket, new JsonlReadOptions { OnError = onError }, cancellationToken);
    }

    /// <summary>The lines of the file at <paramref name="path"/> that are not blank: every one becomes a ticket or an error.</summary>
    public static long CountLines(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        Span<byte> buffer = stackalloc byte[16 * 1024];
        long lines = 0;
        bool content = false;
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            foreach (byte b in buffer[..read])
            {
                if (b == (byte)'\n')
                {
                    lines += content ? 1 : 0;
                    content = false;
                }
                else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    content = true;
                }
            }
        }

        return lines + (content ? 1 : 0);
    }
}
