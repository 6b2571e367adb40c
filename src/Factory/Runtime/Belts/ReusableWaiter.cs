namespace Factory.Runtime;

/// <summary>
/// A worker's own waiter, reused for every wait. A worker waits on one belt (or reorder buffer) at a
/// time, so one instance per worker is enough.
/// </summary>
internal sealed class ReusableWaiter : ValueTaskWaiter
{
    /// <summary>
    /// Set by a quick worker waiting for room on the line's exit: the reader that empties the exit may
    /// run the worker on its own thread (<see cref="ValueTaskWaiter.ResumeHere"/>) instead of waking it.
    /// </summary>
    public bool MayRunOnReader { get; set; }
}
