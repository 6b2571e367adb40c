using System.ComponentModel;
using Factory.Runtime;

namespace Factory;

/// <summary>
/// What moves a run's materials between its stations when they are not all in this process, such as a
/// broker (<c>Factory.RabbitMQ</c>). Named in <see cref="RunOptions.Transport"/>; the caller's code is
/// the same as in process: <c>Start</c> and <c>RunAsync</c> write inputs and read outputs, the report
/// and dead letters come back the same way.
/// </summary>
public abstract class LineTransport
{
    /// <summary>
    /// Opens the run's way out to the stations and back: materials written to the returned entry go to
    /// the first station; outputs and dead letters come back through <paramref name="run"/>. Called once
    /// per run, when it starts.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract IRemoteEntry<TIn> Open<TIn, TOut>(RemoteRun<TOut> run);

    /// <summary>
    /// How many inputs of a run may be open at once (sent, and their outputs not yet all on the exit): the
    /// caller's entry waits beyond it. It bounds what the caller holds when outputs wait for an earlier
    /// input's to leave in order (one held back by a full queue holds every later one), as a belt's
    /// capacity bounds it in process. Default: no bound beyond the transport's own.
    /// </summary>
    public virtual int MaxOpenInputs => int.MaxValue;
}
