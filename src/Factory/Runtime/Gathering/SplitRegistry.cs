using System;
using System.Collections.Concurrent;

namespace Factory.Runtime;

/// <summary>
/// What a gathering station must know besides the children it receives: how many children each
/// split produced, and which children will never arrive (dead-lettered or discarded between the
/// split and the gather). The split and the stations in between post notices here; the gather
/// stage reads them and is woken for them.
/// </summary>
internal sealed class SplitRegistry
{
    private readonly ConcurrentQueue<SplitNotice> notices = new();
    private Action? wake;

    /// <summary>Set by the gather stage: how to wake it when a notice arrives.</summary>
    public void OnNotice(Action wakeGather) => wake = wakeGather;

    /// <summary>The split gave <paramref name="count"/> children for material <paramref name="parentId"/>.</summary>
    public void Expect(long parentId, long parentParentId, long parentSequence, long root, int count) =>
        Post(new SplitNotice(parentId, count, 0, parentParentId, parentSequence, root));

    /// <summary>Child <paramref name="childId"/> of <paramref name="parentId"/> will not arrive.</summary>
    public void Missing(long parentId, long childId) => Post(new SplitNotice(parentId, -1, childId, 0, 0, 0));

    public bool TryTake(out SplitNotice notice) => notices.TryDequeue(out notice);

    private void Post(SplitNotice notice)
    {
        notices.Enqueue(notice);
        wake?.Invoke();
    }
}
