using System;
using System.Runtime.CompilerServices;
using Factory.Telemetry;

namespace Factory.Runtime;

/// <summary>
/// A worker's take run through a chain of function stations a station at a time, as values: each
/// station maps the whole take in one loop (<see cref="Map"/>), and the materials' identities wait
/// here, once, until the outbox at the end makes materials of the last values again. One-in-one-out
/// stations keep a material's identity, so nothing but the value changes on the way (a trace too, when
/// it has one). Taken only while no one listens to its materials: no one at all, or spans alone and the
/// sampler dropped every one of them (a take with one it kept runs material by material). A material a
/// station dead-letters leaves the take, which closes up behind it. docs/design.md,
/// "A take mapped a station at a time".
/// </summary>
internal sealed class MappedTake(JobOrder job)
{
    private readonly long[] ids = new long[Outbox<object>.MaxBatch];
    private readonly long[] parentIds = new long[Outbox<object>.MaxBatch];
    private readonly long[] sequences = new long[Outbox<object>.MaxBatch];
    private readonly long[] roots = new long[Outbox<object>.MaxBatch];
    private readonly object?[] traces = new object?[Outbox<object>.MaxBatch];

    // True when a material of the take carries a trace (a dropped one's, or any while no one listens): kept in traces.
    private bool traced;

    /// <summary>True when a material of the take carries a trace: the worker's inbox holds it too, and lets go of it.</summary>
    public bool Traced => traced;

    /// <summary>
    /// Keeps the identities of <paramref name="materials"/> (at most <see cref="Outbox{T}.MaxBatch"/>) and
    /// puts their values in <paramref name="values"/>; false for a take that only material by material
    /// runs: one with another job order, or, while <paramref name="spansListen"/>, a material the sampler
    /// kept or one that entered before anyone listened (its stations' span names it).
    /// </summary>
    public bool TryBegin<T>(ReadOnlySpan<Material<T>> materials, Span<T> values, bool spansListen)
    {
        for (int i = 0; i < materials.Length; i++)
        {
            ref readonly Material<T> material = ref materials[i];
            if (!ReferenceEquals(material.Job, job) || (spansListen && !MaterialTrace.IsUnsampled(material.Trace)))
            {
                Clear(values, i);
                End();
                return false;
            }

            if (material.Trace is not null)
            {
                traces[i] = material.Trace;
                traced = true;
            }

            values[i] = material.Value;
            ids[i] = material.Id;
            parentIds[i] = material.ParentId;
            sequences[i] = material.Sequence;
            roots[i] = material.Root;
        }

        return true;
    }

    /// <summary>The material at <paramref name="index"/> carrying <paramref name="value"/>.</summary>
    public Material<T> Material<T>(int index, T value) =>
        new(value, ids[index], parentIds[index], sequences[index], job, 1) { Root = roots[index], Trace = traced ? traces[index] : null };

    /// <summary>
    /// Maps the take's <paramref name="values"/> through <paramref name="work"/> into <paramref name="mapped"/>;
    /// returns how many stay. An exception is its station's attempts' to decide (a plain station's is a
    /// dead letter): a material that does not succeed leaves the take.
    /// </summary>
    public int Map<TIn, TOut, TWork>(TWork work, ReadOnlySpan<TIn> values, Span<TOut> mapped, Attempts<StationCall<TIn, TOut, TWork>, Material<TIn>, TOut> attempts)
        where TWork : struct, IStationWork<TIn, TOut>
    {
        // Counted in first, as one material at a time is: a dead letter is counted as it is made.
        attempts.Counts.In += values.Length;
        int kept = 0;
        int i = 0;
        while (i < values.Length)
        {
            try
            {
                // The loop the take is for: nothing per material but the call, unless one has left.
                for (; i < values.Length; i++, kept++)
                {
                    mapped[kept] = work.Map(values[i]);
                    if (kept != i)
                    {
                        Move(i, kept);
                    }
                }
            }
            catch (Exception exception)
            {
                if (attempts.ThrewAtOnce(Material(i, values[i]), exception))
                {
                    mapped[kept] = attempts.Outputs[0];
                    Move(i, kept++);
                }

                i++;
            }
        }

        attempts.Counts.Out += kept;
        return kept;
    }

    /// <summary>Lets go of the values a take leaves in <paramref name="values"/>, when they hold references.</summary>
    public static void Clear<T>(Span<T> values, int count)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            values[..count].Clear();
        }
    }

    private void Move(int from, int to)
    {
        ids[to] = ids[from];
        parentIds[to] = parentIds[from];
        sequences[to] = sequences[from];
        roots[to] = roots[from];
        if (traced)
        {
            traces[to] = traces[from];
        }
    }

    /// <summary>The take is on its way (or was not begun): lets go of the traces it kept, so the next starts with none.</summary>
    public void End()
    {
        if (traced)
        {
            Array.Clear(traces);
            traced = false;
        }
    }
}
