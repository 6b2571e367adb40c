using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// The work of a line's routes, whoever runs it: sends each material to the branch its run-time type
/// selects (the generated type switch). A discard route records the material as discarded; a
/// material no route takes becomes a dead letter ("no route for type X"): nothing is dropped
/// silently. Run by the worker of the station before the routes (<see cref="FusedRouter{TBase, TSwitch}"/>)
/// or, when that station has several workers, by a task of its own (<see cref="RouterStage{TBase, TSwitch}"/>).
/// </summary>
internal sealed class RouteSorter<TBase, TSwitch>
    where TSwitch : struct, IRouteSwitch<TBase>
{
    private readonly RunState run;
    private readonly StationDescriptor routed;
    private readonly TSwitch routes;
    private readonly Branch<TBase>?[] branches;
    private readonly List<Action<Exception?>> whenDone = [];

    public RouteSorter(RunState run, StationDescriptor routed, TSwitch routes, int routeCount)
    {
        this.run = run;
        this.routed = routed;
        this.routes = routes;
        branches = new Branch<TBase>?[routeCount];
    }

    /// <summary>The station whose outputs are routed, for naming a router that stopped.</summary>
    public StationDescriptor Routed => routed;

    /// <summary>Set when the routes sit between a split and its gather.</summary>
    public SplitRegistry? MissingTo { private get; set; }

    public void SetBranch(int route, Branch<TBase> branch) => branches[route] = branch;

    /// <summary>Runs when the routes are done, with the run's completion error (if any).</summary>
    public void WhenDone(Action<Exception?> action) => whenDone.Add(action);

    /// <summary>Prepares the branches for the worker that sorts: stations fused into them open their outboxes.</summary>
    public void Open()
    {
        foreach (Branch<TBase>? branch in branches)
        {
            branch?.Open();
        }
    }

    /// <summary>Sends <paramref name="material"/> on its route; returns the branch when its outbox is now full and must be flushed.</summary>
    public Branch<TBase>? Sort(in Material<TBase> material)
    {
        int route = routes.Select(material.Value);
        if (route < 0)
        {
            NoRoute(material);
            return null;
        }

        if (branches[route] is not { } branch)
        {
            Discarded(material, route);
            return null;
        }

        return branch.Add(material) ? branch : null;
    }

    /// <summary>Moves what every branch holds onto its belt: the sorting worker is about to wait.</summary>
    public async ValueTask FlushAllAsync()
    {
        foreach (Branch<TBase>? branch in branches)
        {
            if (branch is not null)
            {
                await branch.FlushAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>No more materials: every branch ends, with the run's error if it failed.</summary>
    public void Complete(Exception? error)
    {
        foreach (Branch<TBase>? branch in branches)
        {
            branch?.Complete(error);
        }

        foreach (Action<Exception?> action in whenDone)
        {
            action(error);
        }
    }

    private void NoRoute(in Material<TBase> material)
    {
        MissingTo?.Missing(material.ParentId, material.Id);
        run.DeadLetter(DeadLetters.NoRoute(routed, material, routes.Redact(material.Value)));
    }

    private void Discarded(in Material<TBase> material, int route)
    {
        MissingTo?.Missing(material.ParentId, material.Id);
        run.Discard(new DiscardedMaterial(
            material.Id,
            material.ParentId,
            routed.Path,
            routes.CaseType(route),
            DiscardedMaterial.DiscardedByRoute,
            routes.Redact(material.Value),
            DateTimeOffset.UtcNow) { Root = material.Root });
    }
}
