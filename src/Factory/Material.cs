using System.Runtime.CompilerServices;
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
    private readonly T value;
    private readonly long id;
    private readonly long parentId;
    private readonly long sequence;
    private readonly JobOrder job;
    private readonly int attempt;
    private readonly long root;
    private readonly object? trace;

    /// <summary>Creates a material.</summary>
    public Material(T value, long id, long parentId, long sequence, JobOrder job, int attempt)
    {
        this.value = value;
        this.id = id;
        this.parentId = parentId;
        this.sequence = sequence;
        this.job = job;
        this.attempt = attempt;
    }

    /// <summary>The value.</summary>
    public T Value => value;

    /// <summary>
    /// The material's id, unique within its run and the same when the run is resumed: an input's id is
    /// its position plus one; a split's children get ids derived from their parent's and their index.
    /// Use it as an idempotency key for side effects.
    /// </summary>
    public long Id => id;

    /// <summary>The id of the material this one was split from, or 0 for a material that entered the line.</summary>
    public long ParentId => parentId;

    /// <summary>Position of the material: in the line's input for a root, in its parent's split for a child.</summary>
    public long Sequence => sequence;

    /// <summary>The job order the material runs under.</summary>
    public JobOrder Job => job;

    /// <summary>The attempt of the current station (1 for the first).</summary>
    public int Attempt => attempt;

    /// <summary>The sequence of the input this material descends from (its own for a root).</summary>
    public long Root
    {
        get => root;
        init => root = value;
    }

    /// <summary>The trace context the material carries across stations, when telemetry is listening.</summary>
    internal object? Trace
    {
        get => trace;
        init => trace = value;
    }

    /// <summary>The same material carrying a new value (one in, one out keeps the identity).</summary>
    public Material<TOut> With<TOut>(TOut value) => new(value, Id, ParentId, Sequence, Job, 1) { Root = Root, Trace = Trace };

    /// <summary>The <paramref name="index"/>-th child of this material in a split.</summary>
    public Material<TOut> Child<TOut>(TOut value, int index) =>
        new(value, MaterialIds.Child(Id, index), Id, index, Job, 1) { Root = Root, Trace = Trace };

    /// <summary>The material that enters a line at input position <paramref name="sequence"/>.</summary>
    public static Material<T> Entering(T value, long sequence, JobOrder job) =>
        new(value, MaterialIds.Root(sequence), 0, sequence, job, 1) { Root = sequence };

    /// <summary>
    /// Stores <paramref name="from"/> into <paramref name="to"/> (an array's element) field by field:
    /// how the runtime puts materials on belts and in outboxes. Assigning the whole struct copies it
    /// through the runtime's by-reference write barrier helper, about 30 ns a material on the benchmark
    /// machine; a store per field costs about 7 (docs/design.md, "Materials in arrays"). The fields are the
    /// struct's own, so this is an assignment made in parts, not a change of a readonly value in use.
    /// </summary>
    internal static void Store(ref Material<T> to, in Material<T> from)
    {
        Unsafe.AsRef(in to.value) = from.value;
        Unsafe.AsRef(in to.id) = from.id;
        Unsafe.AsRef(in to.parentId) = from.parentId;
        Unsafe.AsRef(in to.sequence) = from.sequence;
        Unsafe.AsRef(in to.job) = from.job;
        Unsafe.AsRef(in to.attempt) = from.attempt;
        Unsafe.AsRef(in to.root) = from.root;
        Unsafe.AsRef(in to.trace) = from.trace;
    }

    /// <inheritdoc />
    public override string ToString() => $"material {Id} (parent {ParentId}, sequence {Sequence})";
}
