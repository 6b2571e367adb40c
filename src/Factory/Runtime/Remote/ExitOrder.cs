using System;
using System.Collections.Generic;

namespace Factory.Runtime;

/// <summary>
/// Puts the outputs of a run whose stations are elsewhere back in input order at the caller's exit, as
/// the line's ordered stations keep it in process: by root (input position), then, within a root, by
/// each split's part index, level by level. Outputs arrive in any order (competing workers); a root's
/// outputs wait until it and every root sent before it have their fates, then leave together. Not
/// thread-safe: its run calls it under its lock.
/// </summary>
internal sealed class ExitOrder<TOut>
{
    private readonly SortedSet<long> pending = [];
    private readonly HashSet<long> closed = [];
    private readonly Dictionary<long, List<Material<TOut>>> held = [];

    // A split's part's place under its root: its parents' part indexes, then its own.
    private readonly Dictionary<long, int[]> places = [];

    /// <summary>An input was sent: its outputs leave after those of every input sent before it.</summary>
    public void Sent(long root) => pending.Add(root);

    /// <summary>Material <paramref name="parentId"/> was split into <paramref name="children"/> parts.</summary>
    public void Split(long parentId, int children)
    {
        // The parent keeps its place: a gather gives its group the parent's id.
        int[] place = places.TryGetValue(parentId, out int[]? known) ? known : [];
        for (int i = 0; i < children; i++)
        {
            places[MaterialIds.Child(parentId, i)] = [.. place, i];
        }
    }

    /// <summary>Keeps an output until its root may leave.</summary>
    public void Hold(in Material<TOut> output)
    {
        if (!held.TryGetValue(output.Root, out List<Material<TOut>>? outputs))
        {
            held[output.Root] = outputs = [];
        }

        outputs.Add(output);
    }

    /// <summary>Every material of <paramref name="root"/> has its fate: adds what may leave now to <paramref name="ready"/>, in order.</summary>
    public void Close(long root, Queue<Release> ready)
    {
        closed.Add(root);
        while (pending.Count > 0 && closed.Remove(pending.Min))
        {
            long next = pending.Min;
            pending.Remove(next);
            if (held.Remove(next, out List<Material<TOut>>? outputs))
            {
                int[][] order = new int[outputs.Count][];
                for (int i = 0; i < order.Length; i++)
                {
                    order[i] = places.Remove(outputs[i].Id, out int[]? place) ? place : [];
                }

                Material<TOut>[] sorted = [.. outputs];
                Array.Sort(order, sorted, PlaceComparer.Instance);
                foreach (Material<TOut> output in sorted)
                {
                    ready.Enqueue(new Release(true, output, ClosesRoot: false));
                }
            }

            ready.Enqueue(new Release(false, default, ClosesRoot: true));
        }
    }

    /// <summary>An output that may leave, or the end of a root (every output it had has left).</summary>
    public readonly record struct Release(bool HasOutput, Material<TOut> Output, bool ClosesRoot);

    private sealed class PlaceComparer : IComparer<int[]>
    {
        public static PlaceComparer Instance { get; } = new();

        public int Compare(int[]? x, int[]? y)
        {
            ReadOnlySpan<int> a = x, b = y;
            return a.SequenceCompareTo(b);
        }
    }
}
