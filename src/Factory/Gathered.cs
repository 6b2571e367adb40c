using System.Collections.Generic;

namespace Factory;

/// <summary>
/// Everything one material was split into, gathered again: the input of a station that takes
/// <c>Gathered&lt;T&gt;</c>. It arrives once every child of the parent has arrived or become a dead
/// letter (or been discarded by a route).
/// </summary>
/// <typeparam name="T">The children's type as they reach the gathering station.</typeparam>
public sealed class Gathered<T>
{
    /// <summary>Creates a group.</summary>
    public Gathered(long parentId, IReadOnlyList<T> items, int expected, IReadOnlyList<long> missing)
    {
        ParentId = parentId;
        Items = items;
        Expected = expected;
        Missing = missing;
    }

    /// <summary>The id of the material that was split.</summary>
    public long ParentId { get; }

    /// <summary>The children that arrived, in split order.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>How many children the split produced.</summary>
    public int Expected { get; }

    /// <summary>The ids of the children that did not arrive (dead-lettered or discarded on the way).</summary>
    public IReadOnlyList<long> Missing { get; }

    /// <summary>True when every child arrived.</summary>
    public bool IsComplete => Missing.Count == 0;
}
