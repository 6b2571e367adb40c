using System;
using System.Collections.Generic;

namespace Factory.Runtime;

/// <summary>
/// The gathers of a run whose stations are elsewhere, as its caller holds them: a group per split parent
/// whose children a gather takes, complete once each child arrived or is missing (dead-lettered or
/// discarded on the way), then taken by the transport to build and send on. Not thread-safe: its run
/// (<see cref="RemoteRun{TOut}"/>) calls it under its own lock, with the counts the group's root keeps open.
/// </summary>
internal sealed class RemoteGathers(LinePlan plan, string runId)
{
    private readonly Dictionary<long, GatherGroup> groups = [];
    private readonly Queue<GatherGroup> complete = new();

    /// <summary>
    /// Station <paramref name="splitStation"/> split <paramref name="parent"/> into <paramref name="children"/>:
    /// true when a gather takes them, and their group now waits for them.
    /// </summary>
    public bool Open(string splitStation, in MaterialInfo parent, int children)
    {
        if (GatherAfter(splitStation) is not { } gather)
        {
            return false;
        }

        var group = new GatherGroup(gather, parent, children);
        groups[parent.Id] = group;
        Check(group);
        return true;
    }

    /// <summary>A child reached gather <paramref name="gather"/>: it waits in its parent's group.</summary>
    public void Add(int gather, in MaterialInfo child, ReadOnlyMemory<byte> body)
    {
        if (!groups.TryGetValue(child.ParentId, out GatherGroup? group) || group.Gather.Index != gather)
        {
            throw new InvalidOperationException(
                $"Run '{runId}': material {child.Id} reached gather {gather} before its parent {child.ParentId}'s split was known there: every worker and caller must run the same version of the line.");
        }

        group.Add(child.Sequence, body);
        Check(group);
    }

    /// <summary>A child that will not reach its gather (dead-lettered, discarded) counts as missing there.</summary>
    public void Miss(long parentId, long child)
    {
        if (groups.TryGetValue(parentId, out GatherGroup? group))
        {
            group.Miss(child);
            Check(group);
        }
    }

    /// <summary>A group whose children are all in, for the transport to build and send on.</summary>
    public bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GatherGroup? group) => complete.TryDequeue(out group);

    private GatherPlan? GatherAfter(string splitStation)
    {
        foreach (GatherPlan gather in plan.Gathers)
        {
            if (gather.SplitStation == splitStation)
            {
                return gather;
            }
        }

        return null;
    }

    private void Check(GatherGroup group)
    {
        if (group.IsComplete && groups.Remove(group.Parent.Id))
        {
            complete.Enqueue(group);
        }
    }
}
