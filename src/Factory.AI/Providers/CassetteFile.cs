using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Factory.AI.Providers;

/// <summary>
/// The file behind a cassette (<see cref="CassetteChatClient"/>, <see cref="CassetteEmbeddingGenerator"/>):
/// one recorded call a JSONL line, read once when opened, kept by key, and appended to when a new call
/// is recorded. A broken line or a missing file in <see cref="CassetteMode.Replay"/> is refused naming the file.
/// </summary>
internal sealed class CassetteFile<TEntry>
    where TEntry : class
{
    private readonly object gate = new();
    private readonly Dictionary<string, TEntry> entries = new(StringComparer.Ordinal);
    private readonly JsonTypeInfo<TEntry> json;
    private readonly Func<TEntry, string> keyOf;

    public CassetteFile(string path, CassetteMode mode, JsonTypeInfo<TEntry> json, Func<TEntry, string> keyOf)
    {
        Path = System.IO.Path.GetFullPath(path);
        this.json = json;
        this.keyOf = keyOf;
        Load(mode);
    }

    /// <summary>The cassette file.</summary>
    public string Path { get; }

    /// <summary>Calls on the cassette.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public bool TryFind(string key, [NotNullWhen(true)] out TEntry? entry)
    {
        lock (gate)
        {
            return entries.TryGetValue(key, out entry);
        }
    }

    /// <summary>Keeps <paramref name="entry"/> and appends its line, unless a call of its key is there already.</summary>
    public void Append(TEntry entry)
    {
        string line = JsonSerializer.Serialize(entry, json);
        lock (gate)
        {
            if (entries.TryAdd(keyOf(entry), entry))
            {
                string? folder = System.IO.Path.GetDirectoryName(Path);
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }

                File.AppendAllText(Path, line + "\n", Encoding.UTF8);
            }
        }
    }

    private void Load(CassetteMode mode)
    {
        if (!File.Exists(Path))
        {
            if (mode == CassetteMode.Replay)
            {
                throw new FileNotFoundException($"The cassette '{Path}' does not exist; record it first (CassetteMode.Record).", Path);
            }

            return;
        }

        int number = 0;
        foreach (string line in File.ReadLines(Path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            TEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize(line, json);
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"The cassette '{Path}' has a broken line {number}: {exception.Message}", exception);
            }

            if (entry is not null)
            {
                entries[keyOf(entry)] = entry;
            }
        }
    }
}
