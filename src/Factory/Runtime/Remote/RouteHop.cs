using System;

namespace Factory.Runtime;

/// <summary>
/// A line's routes in the worker of the routed station: each output goes on down the branch its
/// run-time type selects (the generated type switch), as in process; a discard route's material is a
/// discard and a material no route takes a dead letter ("no route for type X"), both for the run's exit.
/// </summary>
internal sealed class RouteHop<TBase, TSwitch>(StationDescriptor routed, TSwitch routes, int routeCount) : RemoteHop<TBase>
    where TSwitch : struct, IRouteSwitch<TBase>
{
    private readonly RemoteHop<TBase>?[] branches = new RemoteHop<TBase>?[routeCount];

    public void SetBranch(int route, RemoteHop<TBase> branch) => branches[route] = branch;

    public override void Send(in Material<TBase> material, RemoteScope scope, RemoteSends sends)
    {
        int route = routes.Select(material.Value);
        if (route < 0)
        {
            sends.Letters.Add(DeadLetters.NoRoute(routed, material, routes.Redact(material.Value)));
        }
        else if (branches[route] is { } branch)
        {
            branch.Send(material, scope, sends);
        }
        else
        {
            sends.Discards.Add(new DiscardedMaterial(
                material.Id,
                material.ParentId,
                routed.Path,
                routes.CaseType(route),
                DiscardedMaterial.DiscardedByRoute,
                routes.Redact(material.Value),
                DateTimeOffset.UtcNow) { Root = material.Root });
        }
    }
}
