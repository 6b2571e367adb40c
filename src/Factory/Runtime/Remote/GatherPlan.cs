using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Factory.Runtime;

/// <summary>
/// A gather of a line whose stations run elsewhere: the children of the split it gathers go back to the
/// caller's run, which counts every split and every child's fate anyway; once a parent's group is
/// complete the caller makes the <see cref="Gathered{T}"/> (<see cref="Build"/>) and sends it to the
/// station after the gather.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GatherPlan
{
    private protected GatherPlan(int index, string splitStation)
    {
        Index = index;
        SplitStation = splitStation;
    }

    /// <summary>Its index among the line's gathers.</summary>
    public int Index { get; }

    /// <summary>The path of the station whose splits it gathers (the nearest one before it).</summary>
    public string SplitStation { get; }

    /// <summary>The index of the station the gathered groups go to.</summary>
    public int NextStation { get; private protected set; } = -1;

    /// <summary>
    /// The group of <paramref name="parentId"/> as JSON: its children's bodies (in split order), how many
    /// the split gave, and the ids of those that did not arrive (dead-lettered or discarded on the way).
    /// </summary>
    public abstract byte[] Build(long parentId, IReadOnlyList<ReadOnlyMemory<byte>> items, int expected, IReadOnlyList<long> missing, JsonSerializerContext json);
}
