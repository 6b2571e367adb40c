using System;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>Where a router puts the materials of one route.</summary>
internal abstract class Branch<TBase>
{
    /// <summary>Prepares the branch for the worker that sorts: a station fused into it opens its outbox.</summary>
    public abstract void Open();

    /// <summary>Adds a material; true when the branch's outbox is full and must be flushed.</summary>
    public abstract bool Add(in Material<TBase> material);

    public abstract ValueTask FlushAsync();

    public abstract ValueTask FlushFullAsync();

    public abstract void Complete(Exception? error);
}
