using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace Factory.Runtime;

/// <summary>
/// Wires a line's routes: generated code adds each route's target with <see cref="Branch{TIn}"/>
/// (or <see cref="Discard"/>) in the order written, then <see cref="Merge"/> joins the branches into
/// the next step.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Router<TBase, TMerge>
{
    private readonly LineWiring wiring;
    private readonly Action<int, Branch<TBase>> setBranch;
    private readonly Action<Action<Exception?>> whenDone;
    private readonly List<IProducer<TMerge>> ends = [];
    private readonly Action<int, RemoteHop<TBase>>? planBranch;

    internal Router(LineWiring wiring, Action<int, Branch<TBase>> setBranch, Action<Action<Exception?>> whenDone)
    {
        this.wiring = wiring;
        this.setBranch = setBranch;
        this.whenDone = whenDone;
    }

    /// <summary>Routes wired into a plan: each branch is a hop the routed station's worker sends down.</summary>
    internal Router(LineWiring wiring, Action<int, RemoteHop<TBase>> planBranch)
    {
        this.wiring = wiring;
        this.planBranch = planBranch;
        setBranch = static (_, _) => { };
        whenDone = static _ => { };
    }

    /// <summary>Route <paramref name="route"/> goes to a target taking <typeparamref name="TIn"/>, wired by <paramref name="wire"/>.</summary>
    public void Branch<TIn>(int route, Func<Conveyor<TIn>, Conveyor<TMerge>> wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        if (planBranch is not null)
        {
            var planned = new BranchHop<TBase, TIn>();
            planBranch(route, planned);
            ends.Add(wire(new Conveyor<TIn>(wiring, planned)).Producer);
            return;
        }

        var branch = new BranchInto<TBase, TIn>();
        setBranch(route, branch);
        Conveyor<TMerge> end = wire(new Conveyor<TIn>(wiring, branch));
        ends.Add(end.Producer);
    }

    /// <summary>Route <paramref name="route"/> discards its materials.</summary>
    public void Discard(int route)
    {
        // A route without a branch discards: nothing to wire.
    }

    /// <summary>Joins the branches: their outputs flow on to the next step.</summary>
    public Conveyor<TMerge> Merge() =>
        planBranch is null ? new(wiring, new MergeProducer<TMerge>(ends, whenDone)) : new(wiring, new PlannedMerge<TMerge>(ends));
}
