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

    /// <summary>
    /// Why the input at <paramref name="sequence"/> must not enter this start, or null: a refused input
    /// becomes a dead letter at the entry (with the refusal's station, type and message) and the run
    /// goes on. The ledger refuses an input that crashed the process as often as its crash limit allows.
    /// </summary>
    public virtual EntryRefusal? Refuses(long sequence) => null;

    /// <summary>
    /// True when the input at <paramref name="sequence"/> must run alone: it enters only once everything
    /// admitted before it has left the stations, and nothing enters after it until it has left them too.
    /// The ledger says so of inputs that were in a station when an earlier start of the run crashed, so
    /// that a crash while one of them runs can only be its own.
    /// </summary>
    public virtual bool RunsAlone(long sequence) => false;

    /// <summary>
    /// The run's black box, asked once after <see cref="RunStarting"/>: workers note in it which input
    /// they are working on (see <see cref="Factory.FlightRecorder"/>). Null (the default): none. The
    /// first observer that gives one records the run.
    /// </summary>
    public virtual FlightRecorder? FlightRecorder => null;

    /// <summary>
    /// Where the run's gates park materials when <see cref="RunOptions.Gates"/> gives no store, asked
    /// once after <see cref="RunStarting"/>. Null (the default): none. The first observer that gives one
    /// is used; a ledger's observer gives the ledger's store (<c>ILedger.Gates</c>).
    /// </summary>
    public virtual Gates.IGateStore? GateStore => null;

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

    /// <summary>A material reached a gate and was parked in the gate store, waiting for a decision.</summary>
    public virtual void GateOpened(in MaterialInfo material, Gates.GateItem item)
    {
    }

    /// <summary>A person's decision on a material parked at a gate was taken: the material goes on (or, rejected, down its route).</summary>
    public virtual void GateDecided(in MaterialInfo material, Gates.GateDecision decision)
    {
    }

    /// <summary>Nobody decided in time: the gate's timeout decided (<see cref="Gates.GateDecision.Kind"/> says how).</summary>
    public virtual void GateTimedOut(in MaterialInfo material, Gates.GateDecision decision)
    {
    }

    /// <summary>An output went to the review queue (<see cref="RunOptions.Sampling"/>): a ledger keeps it for a reviewer.</summary>
    public virtual void Sampled(Quality.QualitySample sample)
    {
    }

    /// <summary>An automatic inspector gave its verdict on an output.</summary>
    public virtual void Inspected(Quality.Inspection inspection)
    {
    }

    /// <summary>A station's andon tripped: the line is paused, or the station's outputs go to review. A ledger audits it.</summary>
    public virtual void AndonTripped(Quality.AndonTrip trip)
    {
    }

    /// <summary>The run ended: <paramref name="report"/> when it completed or was cancelled, <paramref name="fault"/> when it failed.</summary>
    public virtual void RunEnded(RunInfo run, LineReport? report, System.Exception? fault)
    {
    }
}
