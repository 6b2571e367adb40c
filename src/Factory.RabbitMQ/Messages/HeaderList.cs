using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Factory.RabbitMQ;

/// <summary>
/// A packed material's headers as read back (<see cref="MaterialPack.Read"/>): a dozen names at most, looked up
/// a few times each, so a list searched in order instead of a hash table: one array a material, no hashing of
/// every name on the way in (two reads a material on the broker path, a worker's and the caller's). Names are
/// compared ordinally, as the message headers' dictionaries do.
/// </summary>
internal sealed class HeaderList : IDictionary<string, object?>
{
    private KeyValuePair<string, object?>[] entries;
    private int count;

    /// <summary>Room for <paramref name="capacity"/> headers.</summary>
    public HeaderList(int capacity)
    {
        entries = new KeyValuePair<string, object?>[Math.Max(capacity, 1)];
    }

    public int Count => count;

    public bool IsReadOnly => false;

    public ICollection<string> Keys
    {
        get
        {
            var keys = new List<string>(count);
            for (int i = 0; i < count; i++)
            {
                keys.Add(entries[i].Key);
            }

            return keys;
        }
    }

    public ICollection<object?> Values
    {
        get
        {
            var values = new List<object?>(count);
            for (int i = 0; i < count; i++)
            {
                values.Add(entries[i].Value);
            }

            return values;
        }
    }

    public object? this[string key]
    {
        get => TryGetValue(key, out object? value) ? value : throw new KeyNotFoundException($"The message has no '{key}' header.");
        set
        {
            int at = IndexOf(key);
            if (at >= 0)
            {
                entries[at] = new(key, value);
            }
            else
            {
                Append(key, value);
            }
        }
    }

    /// <summary>Adds a header the list does not have yet (as read: each name once), without looking for it first.</summary>
    public void Append(string key, object? value)
    {
        if (count == entries.Length)
        {
            Array.Resize(ref entries, count * 2);
        }

        entries[count++] = new(key, value);
    }

    public void Add(string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (IndexOf(key) >= 0)
        {
            throw new ArgumentException($"The header '{key}' is there already.", nameof(key));
        }

        Append(key, value);
    }

    public void Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        int at = IndexOf(key);
        value = at >= 0 ? entries[at].Value : null;
        return at >= 0;
    }

    public bool Remove(string key)
    {
        int at = IndexOf(key);
        if (at < 0)
        {
            return false;
        }

        Array.Copy(entries, at + 1, entries, at, count - at - 1);
        entries[--count] = default;
        return true;
    }

    public bool Remove(KeyValuePair<string, object?> item) =>
        Contains(item) && Remove(item.Key);

    public bool Contains(KeyValuePair<string, object?> item) =>
        IndexOf(item.Key) is int at && at >= 0 && Equals(entries[at].Value, item.Value);

    public void Clear()
    {
        Array.Clear(entries, 0, count);
        count = 0;
    }

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) => Array.Copy(entries, 0, array, arrayIndex, count);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (int i = 0; i < count; i++)
        {
            yield return entries[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        for (int i = 0; i < count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
