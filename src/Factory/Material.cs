using System.Runtime.InteropServices;

namespace Factory;

/// <summary>
/// One item moving through a line: the value and the facts that make it traceable. A struct, so
/// carrying provenance costs nothing per material.
/// </summary>
/// <typeparam name="T">The value's type at this point of the line.</typeparam>
[StructLayout(LayoutKind.Auto)]
public readonly struct Material<T>
{
    /// <summary>Creates a material.</summary>
    public Material(T value, long id, long parentId, long sequence, JobOrder job, int attempt)
    {
        Value = value;
        Id = id;
        ParentId = parentId;
        Sequence = sequence;
        Job = job;
        Attempt = attempt;
    }

    /// <summary>The value.</summary>
    public T Value { get; }

    /// <summary>The material's id, unique within its run (1, 2, 3, ...).</summary>
    public long Id { get; }

    /// <summary>The id of the material this one was split from, or 0 for a material that entered the line.</summary>
    public long ParentId { get; }

    /// <summary>Position of the material: in the line's input for a root, in its parent's split for a child.</summary>
    public long Sequence { get; }

    /// <summary>The job order the material runs under.</summary>
    public JobOrder Job { get; }

    /// <summary>The attempt of the current station (1 for the first).</summary>
    public int Attempt { get; }

    /// <summary>The same material carrying a new value (one in, one out keeps the identity).</summary>
    public Material<TOut> With<TOut>(TOut value) => new(value, Id, ParentId, Sequence, Job, 1);

    /// <inheritdoc />
    public override string ToString() => $"material {Id} (parent {ParentId}, sequence {Sequence})";
}
