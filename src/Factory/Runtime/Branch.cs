using System;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>Where a router puts the materials of one route.</summary>
internal abstract class Branch<TBase>
{
    /// <summary>Adds a material; true when the branch's outbox is full and must be flushed.</summary>
    public abstract bool Add(in Material<TBase> material);

    public abstract ValueTask FlushAsync();

    public abstract ValueTask FlushFullAsync();

    public abstract void Complete(Exception? error);
}

/// <summary>
/// A route into a target whose input is <typeparamref name="TIn"/>: the router's type switch has
/// already checked the value is one, so the cast cannot fail. Materials keep their identity.
/// </summary>
internal sealed class Branch<TBase, TIn> : Branch<TBase>, IProducer<TIn>
{
    private Outbox<TIn>? outbox;
    private Belt<TIn>? belt;

    public void Connect(Belt<TIn> output)
    {
        belt = output;
        outbox = new Outbox<TIn>(output);
    }

    public override bool Add(in Material<TBase> material) =>
        outbox!.Add(material.With((TIn)(object)material.Value!));

    public override ValueTask FlushAsync() => outbox!.FlushAsync();

    public override ValueTask FlushFullAsync() => outbox!.FlushFullAsync();

    public override void Complete(Exception? error) => belt!.TryComplete(error);
}
