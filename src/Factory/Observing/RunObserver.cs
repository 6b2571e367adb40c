namespace Factory;

/// <summary>
/// Hears what a run does, material by material: the ledger and other recorders are observers.
/// Methods are called on the workers' threads, concurrently; keep them short and hand heavy work
/// (I/O) to a background writer. With no observer a run pays nothing for this.
/// </summary>
public abstract class RunObserver
{
    /// <summary>The run is about to start; no material has moved. Throwing refuses the run.</summary>
    public virtual void RunStarting(RunInfo run)
    {
    }

    /// <summary>
    /// True when the input at <paramref name="sequence"/> already has its outcome (a resumed run):
    /// it does not enter the line again.
    /// </summary>
    public virtual bool IsDone(long sequence) => false;

    /// <summary>An input entered the line (it was not done before and is within budget).</summary>
    public virtual void Entered(in MaterialInfo material, object? value)
    {
    }

    /// <summary>A station ran one attempt on one material.</summary>
    public virtual void Executed(in StationExecution execution)
    {
    }

    /// <summary>A one-in-many-out station gave <paramref name="children"/> materials (0 filters) for <paramref name="parent"/>.</summary>
    public virtual void Split(in MaterialInfo parent, StationDescriptor station, int children)
    {
    }

    /// <summary>
    /// The children of <paramref name="parent"/> that arrived at a gather (<paramref name="arrived"/>
    /// of them) became one material, which keeps the parent's id.
    /// </summary>
    public virtual void Gathered(in MaterialInfo parent, int arrived)
    {
    }

    /// <summary>
    /// A material left the line and the consumer is done with it: a <c>RunAsync</c> loop asked for the
    /// next output (or ended), or <see cref="LineRun{TIn, TOut}.Output"/> was read.
    /// </summary>
    public virtual void Delivered(in MaterialInfo material)
    {
    }

    /// <summary>A material failed all its attempts.</summary>
    public virtual void DeadLettered(DeadLetter letter)
    {
    }

    /// <summary>A route dropped a material on purpose.</summary>
    public virtual void Discarded(DiscardedMaterial material)
    {
    }

    /// <summary>An input was turned away at the entry: the job order's material budget is spent.</summary>
    public virtual void Refused(in MaterialInfo material, string reason)
    {
    }

    /// <summary>The run ended: <paramref name="report"/> when it completed or was cancelled, <paramref name="fault"/> when it failed.</summary>
    public virtual void RunEnded(RunInfo run, LineReport? report, System.Exception? fault)
    {
    }
}
