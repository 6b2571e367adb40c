using System.Collections;
using System.Collections.Generic;

namespace Factory.Runtime;

/// <summary>The dead letters of one run: written by workers, read as a snapshot by anyone.</summary>
internal sealed class DeadLetterBox : IReadOnlyList<DeadLetter>
{
    private readonly List<DeadLetter> letters = [];
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

    public DeadLetter this[int index]
    {
        get
        {
            lock (gate)
            {
                return letters[index];
            }
        }
    }

    public void Add(DeadLetter letter)
    {
        lock (gate)
        {
            letters.Add(letter);
        }
    }

    public DeadLetter[] ToArray()
    {
        lock (gate)
        {
            return [.. letters];
        }
    }

    public IEnumerator<DeadLetter> GetEnumerator() => ((IEnumerable<DeadLetter>)ToArray()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
