using System;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A line's routes run by the single worker of the station before them: choosing a route is a type
/// switch, far cheaper than the hop to a router task, so the routed station's outputs go straight
/// into their branches' outboxes (or into the branch stations, when those are fused too).
/// </summary>
internal sealed class FusedRouter<TBase, TSwitch>(RouteSorter<TBase, TSwitch> sorter) : IFusedStation<TBase>, IReportsMissing
    where TSwitch : struct, IRouteSwitch<TBase>
{
    private Branch<TBase>? full;

    public SplitRegistry? MissingTo
    {
        set => sorter.MissingTo = value;
    }

    public void Open() => sorter.Open();

    public bool Add(in Material<TBase> material)
    {
        full = sorter.Sort(material);
        return full is not null;
    }

    public ValueTask FlushFullAsync()
    {
        Branch<TBase>? branch = full;
        full = null;
        return branch is null ? default : branch.FlushFullAsync();
    }

    public ValueTask FlushAsync()
    {
        full = null;
        return sorter.FlushAllAsync();
    }

    public void Complete(Exception? error) => sorter.Complete(error);
}
