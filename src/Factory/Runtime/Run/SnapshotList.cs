using System.Collections;
using System.Collections.Generic;

namespace Factory.Runtime;

/// <summary>Records of one run (dead letters, discards): written by workers, read as a snapshot by anyone.</summary>
internal sealed class SnapshotList<T> : IReadOnlyList<T>
{
    private readonly List<T> letters = [];
    private readonly System.Threading.Lock gate = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return letters.Count;
            }
        }
    }

    public T this[int index]
    {
        get
        {
            lock (gate)
            {
                return letters[index];
            }
        }
    }

    public void Add(T letter)
    {
        lock (gate)
        {
            letters.Add(letter);
        }
    }

    public T[] ToArray()
    {
        lock (gate)
        {
            return [.. letters];
        }
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)ToArray()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
