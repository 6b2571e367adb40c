namespace Factory.Runtime;

/// <summary>
/// The transport <see cref="LinePlan.Of{TIn, TOut}"/> names: the line's generated code wires its stations
/// into a plan, and nothing runs (no run state, no belts, no permission check).
/// </summary>
internal sealed class PlanCapture : LineTransport
{
    public LinePlan? Plan { get; set; }

    public override IRemoteEntry<TIn> Open<TIn, TOut>(RemoteRun<TOut> run) =>
        throw new System.InvalidOperationException("A plan capture opens no run.");
}
