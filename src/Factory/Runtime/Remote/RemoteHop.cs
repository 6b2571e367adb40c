namespace Factory.Runtime;

/// <summary>
/// Where a station's output goes next when the line's stations run elsewhere: the next station's
/// queue or the run's exit (<see cref="QueueHop{T}"/>), or a route's choice (<see cref="RouteHop{TBase, TSwitch}"/>).
/// Set while the line is wired into its plan, from the same generated code that wires belts in process.
/// </summary>
internal abstract class RemoteHop<T>
{
    /// <summary>Adds what <paramref name="material"/> becomes on this hop to <paramref name="sends"/>.</summary>
    public abstract void Send(in Material<T> material, RemoteScope scope, RemoteSends sends);
}
