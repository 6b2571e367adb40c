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

    /// <summary>
    /// The material's id, unique within its run and the same when the run is resumed: an input's id is
    /// its position plus one; a split's children get ids derived from their parent's and their index.
    /// Use it as an idempotency key for side effects.
    /// </summary>
    public long Id { get; }

    /// <summary>The id of the material this one was split from, or 0 for a material that entered the line.</summary>
    public long ParentId { get; }

    /// <summary>Position of the material: in the line's input for a root, in its parent's split for a child.</summary>
    public long Sequence { get; }

    /// <summary>The job order the material runs under.</summary>
    public JobOrder Job { get; }

    /// <summary>The attempt of the current station (1 for the first).</summary>
    public int Attempt { get; }

    /// <summary>The sequence of the input this material descends from (its own for a root).</summary>
    public long Root { get; init; }

    /// <summary>The trace context the material carries across stations, when telemetry is listening.</summary>
    internal object? Trace { get; init; }

    /// <summary>The same material carrying a new value (one in, one out keeps the identity).</summary>
    public Material<TOut> With<TOut>(TOut value) => new(value, Id, ParentId, Sequence, Job, 1) { Root = Root, Trace = Trace };

    /// <summary>The <paramref name="index"/>-th child of this material in a split.</summary>
    public Material<TOut> Child<TOut>(TOut value, int index) =>
        new(value, MaterialIds.Child(Id, index), Id, index, Job, 1) { Root = Root, Trace = Trace };

    /// <summary>The material that enters a line at input position <paramref name="sequence"/>.</summary>
    public static Material<T> Entering(T value, long sequence, JobOrder job) =>
        new(value, MaterialIds.Root(sequence), 0, sequence, job, 1) { Root = sequence };

    /// <inheritdoc />
    public override string ToString() => $"material {Id} (parent {ParentId}, sequence {Sequence})";
}
