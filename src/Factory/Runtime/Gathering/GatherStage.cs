using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// Puts a split's children back together in front of a station that takes <c>Gathered&lt;T&gt;</c>:
/// children are grouped by parent and a group goes on once the split's count is known and every
/// child has arrived or been reported missing. A split that gave nothing yields an empty group.
/// </summary>
internal sealed class GatherStage<T> : IStage, IProducer<Gathered<T>>
{
    private readonly RunState run;
    private readonly Belt<T> input;
    private readonly SplitRegistry registry;
    private readonly Dictionary<long, Group> groups = [];
    private Belt<Gathered<T>>? output;

    public GatherStage(RunState run, Belt<T> input, SplitRegistry registry)
    {
        this.run = run;
        this.input = input;
        this.registry = registry;
        registry.OnNotice(input.Poke);
    }

    public void Connect(Belt<Gathered<T>> belt) => output = belt;

    public Task Start() => Task.Run(GatherAsync);

    private async Task GatherAsync()
    {
        var outbox = new Outbox<Gathered<T>>(output!);
        var inbox = new Material<T>[Outbox<T>.MaxBatch];
        var waiter = new ReusableWaiter();
        CancellationToken token = run.Token;
        try
        {
            while (true)
            {
                token.ThrowIfCancellationRequested();
                await TakeNoticesAsync(outbox).ConfigureAwait(false);
                int taken = input.TryRead(inbox);
                if (taken == 0)
                {
                    await outbox.FlushAsync().ConfigureAwait(false);
                    if (!await input.WaitToReadAsync(waiter).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                for (int i = 0; i < taken; i++)
                {
                    Material<T> child = inbox[i];
                    inbox[i] = default;
                    Group group = GroupOf(child.ParentId);
                    group.Items.Add((child.Sequence, child.Value));
                    await EmitIfCompleteAsync(child.ParentId, group, outbox).ConfigureAwait(false);
                }
            }

            // Every notice was posted before the stations upstream finished.
            await TakeNoticesAsync(outbox).ConfigureAwait(false);
            await outbox.FlushAsync().ConfigureAwait(false);
            ReportUnfinished();
        }
        catch (Exception exception)
        {
            run.Stopped(exception, $"Gathering for '{run.Line.Name}'");
        }
        finally
        {
            output!.TryComplete(run.CompletionError);
        }
    }

    private async ValueTask TakeNoticesAsync(Outbox<Gathered<T>> outbox)
    {
        while (registry.TryTake(out SplitNotice notice))
        {
            Group group = GroupOf(notice.ParentId);
            if (notice.IsExpectation)
            {
                group.Expected = notice.Expected;
                group.ParentParentId = notice.ParentParentId;
                group.ParentSequence = notice.ParentSequence;
                group.Root = notice.Root;
            }
            else
            {
                group.Missing.Add(notice.MissingChild);
            }

            await EmitIfCompleteAsync(notice.ParentId, group, outbox).ConfigureAwait(false);
        }
    }

    private async ValueTask EmitIfCompleteAsync(long parentId, Group group, Outbox<Gathered<T>> outbox)
    {
        if (group.Expected < 0 || group.Items.Count + group.Missing.Count < group.Expected)
        {
            return;
        }

        groups.Remove(parentId);
        group.Items.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        var items = new T[group.Items.Count];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = group.Items[i].Value;
        }

        var gathered = new Gathered<T>(parentId, items, group.Expected, group.Missing.ToArray());
        var material = new Material<Gathered<T>>(gathered, parentId, group.ParentParentId, group.ParentSequence, run.Job, 1) { Root = group.Root };
        if (run.Observing)
        {
            run.GatheredGroup(MaterialInfo.Of(material), items.Length);
        }

        if (outbox.Add(material))
        {
            await outbox.FlushFullAsync().ConfigureAwait(false);
        }
    }

    private Group GroupOf(long parentId)
    {
        if (!groups.TryGetValue(parentId, out Group? group))
        {
            group = new Group();
            groups.Add(parentId, group);
        }

        return group;
    }

    /// <summary>Groups still open when everything upstream is done cannot complete: say so, never drop them.</summary>
    private void ReportUnfinished()
    {
        if (run.Token.IsCancellationRequested)
        {
            return;
        }

        foreach (KeyValuePair<long, Group> open in groups)
        {
            Group group = open.Value;
            run.DeadLetter(DeadLetters.UnfinishedGather(open.Key, group.ParentParentId, group.Root, group.Items.Count, group.Expected, group.Missing.Count));
        }
    }

    private sealed class Group
    {
        public int Expected { get; set; } = -1;

        public long ParentParentId { get; set; }

        public long ParentSequence { get; set; }

        public long Root { get; set; }

        public List<(long Sequence, T Value)> Items { get; } = [];

        public List<long> Missing { get; } = [];
    }
}
