using System;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A route into a target whose input is <typeparamref name="TIn"/>: the router's type switch has
/// already checked the value is one, so the cast cannot fail. Materials keep their identity. The
/// routes run in one worker, so a plain synchronous target station runs fused into it.
/// </summary>
internal sealed class BranchInto<TBase, TIn> : Branch<TBase>, IProducer<TIn>, IFusable<TIn>
{
    private Outbox<TIn>? outbox;
    private Belt<TIn>? belt;
    private IFusedStation<TIn>? fused;

    public bool CanFuse => fused is null && belt is null;

    public void Connect(Belt<TIn> output)
    {
        belt = output;
        outbox = new Outbox<TIn>(output);
    }

    public void Fuse(IFusedStation<TIn> next) => fused = next;

    public override void Open() => fused?.Open();

    public override bool Add(in Material<TBase> material)
    {
        Material<TIn> routed = material.With((TIn)(object)material.Value!);
        return fused is not null ? fused.Add(routed) : outbox!.Add(routed);
    }

    public override ValueTask FlushAsync() => fused is not null ? fused.FlushAsync() : outbox!.FlushAsync();

    public override ValueTask FlushFullAsync() => fused is not null ? fused.FlushFullAsync() : outbox!.FlushFullAsync();

    public override void Complete(Exception? error)
    {
        if (fused is not null)
        {
            fused.Complete(error);
        }
        else
        {
            belt!.TryComplete(error);
        }
    }
}
