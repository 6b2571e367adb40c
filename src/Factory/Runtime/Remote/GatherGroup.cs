using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace Factory.Runtime;

/// <summary>
/// The children of one split on their way to a gather, as the caller's run collects them: complete
/// once every child arrived or was reported missing (dead-lettered or discarded on the way).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GatherGroup
{
    private readonly List<(long Sequence, ReadOnlyMemory<byte> Body)> arrived = [];
    private readonly List<long> missing = [];

    internal GatherGroup(GatherPlan gather, MaterialInfo parent, int expected)
    {
        Gather = gather;
        Parent = parent;
        Expected = expected;
    }

    /// <summary>The gather.</summary>
    public GatherPlan Gather { get; }

    /// <summary>The material that was split: the gathered group keeps its identity.</summary>
    public MaterialInfo Parent { get; }

    /// <summary>How many children the split gave.</summary>
    public int Expected { get; }

    /// <summary>The children's bodies that arrived, in split order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Items
    {
        get
        {
            arrived.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
            return arrived.ConvertAll(static a => a.Body);
        }
    }

    /// <summary>The ids of the children that did not arrive.</summary>
    public IReadOnlyList<long> Missing => missing;

    /// <summary>How many arrived.</summary>
    public int Arrived => arrived.Count;

    internal bool IsComplete => arrived.Count + missing.Count >= Expected;

    internal void Add(long sequence, ReadOnlyMemory<byte> body) => arrived.Add((sequence, body));

    internal void Miss(long child) => missing.Add(child);
}
