using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;

namespace TicketTriage.Stations;

/// <summary>
/// Where <see cref="IssueRefund"/> issues refunds: the sample's stand-in for a payment provider. Each
/// refund is one JSON line in a file (or only in memory), keyed by the run and the material: issuing
/// the same key again gives the refund already issued and writes nothing, so a material sent down the
/// route twice (a run resumed after a crash) is refunded once.
/// </summary>
public sealed class RefundBook
{
    /// <summary>The book's file name, next to the outcomes.</summary>
    public const string FileName = "refunds.jsonl";

    private readonly Dictionary<string, decimal> issued = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly string? path;

    /// <summary>A book kept in <paramref name="path"/> (what it holds is read first), or in memory when null.</summary>
    public RefundBook(string? path = null)
    {
        this.path = path;
        if (path is not null && File.Exists(path))
        {
            foreach (string line in File.ReadLines(path))
            {
                if (Read(line) is { } entry)
                {
                    issued[entry.Key] = entry.Amount;
                }
            }
        }
    }

    /// <summary>Refunds issued through this book (over every process that used its file).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return issued.Count;
            }
        }
    }

    /// <summary>Issues <paramref name="amount"/> for <paramref name="ticketId"/> under <paramref name="key"/>, once; false when the key was already issued.</summary>
    public bool Issue(string key, string ticketId, decimal amount, string currency)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (gate)
        {
            if (!issued.TryAdd(key, amount))
            {
                return false;
            }

            if (path is not null)
            {
                string line = string.Create(CultureInfo.InvariantCulture, $"{{\"key\":{JsonSerializer.Serialize(key, Serialization.TriageJsonContext.Lines.String)},\"ticketId\":{JsonSerializer.Serialize(ticketId, Serialization.TriageJsonContext.Lines.String)},\"amount\":{amount},\"currency\":\"{currency}\"}}\n");
                File.AppendAllText(path, line);
            }

            return true;
        }
    }

    private static (string Key, decimal Amount)? Read(string line)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            return (root.GetProperty("key").GetString() ?? string.Empty, root.GetProperty("amount").GetDecimal());
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A line cut off by a crash while it was written: that refund was not recorded as issued.
            return null;
        }
    }
}
