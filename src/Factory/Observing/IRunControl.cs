namespace Factory;

/// <summary>
/// What an observer may do to the run it observes (<see cref="RunInfo.Control"/>): pause, resume and
/// cancel it, as <see cref="LineRun{TIn, TOut}"/> does. A ledger uses it to apply requests recorded by
/// another process (the control room's pause of a run this process holds).
/// </summary>
public interface IRunControl
{
    /// <summary>True while paused.</summary>
    bool IsPaused { get; }

    /// <summary>Holds the run: workers stop taking materials until <see cref="Resume"/>.</summary>
    void Pause();

    /// <summary>Lets a paused run go on.</summary>
    void Resume();

    /// <summary>Cancels the run.</summary>
    void Cancel();
}
