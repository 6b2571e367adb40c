using System;

namespace Factory.Runtime;

/// <summary>One route's branch in a plan: a material of the routed type goes on as the branch's own type, to the branch's first station.</summary>
internal sealed class BranchHop<TBase, TIn> : RemoteHop<TBase>, IPlannedEnd<TIn>
{
    private RemoteHop<TIn>? next;

    public void Connect(Belt<TIn> output) => throw new InvalidOperationException("A planned branch has no belt.");

    public void SendTo(RemoteHop<TIn> hop) => next = hop;

    public override void Send(in Material<TBase> material, RemoteScope scope, RemoteSends sends)
    {
        // The route selected this branch by the value's run-time type, so the cast holds.
        RemoteHop<TIn> hop = next ?? throw new InvalidOperationException($"Line '{scope.Info.Line.Name}': a route's branch has no station after it. Rebuild the project so the generated code matches.");
        hop.Send(material.With((TIn)(object?)material.Value!), scope, sends);
    }
}
