using System.Collections.Generic;

namespace Factory.ControlRoom;

/// <summary>A <see cref="LineRun{TIn, TOut}"/> as the console sees it.</summary>
internal sealed class LiveRun<TIn, TOut>(LineRun<TIn, TOut> run) : ILiveRun
{
    public string RunId => run.RunId;

    public string Tenant => run.Job.Tenant;

    public LineDescriptor Line => run.Line;

    public IReadOnlyList<StationStatus> Stations => run.Stations;

    public bool IsPaused => run.IsPaused;

    public bool IsCompleted => run.Completion.IsCompleted;

    public void Pause() => run.Pause();

    public void Resume() => run.Resume();

    public void Cancel() => run.Cancel();
}
