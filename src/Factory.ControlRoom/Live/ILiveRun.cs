using System.Collections.Generic;

namespace Factory.ControlRoom;

/// <summary>A live run with its types hidden: what the console reads and does.</summary>
internal interface ILiveRun
{
    string RunId { get; }

    string Tenant { get; }

    LineDescriptor Line { get; }

    IReadOnlyList<StationStatus> Stations { get; }

    bool IsPaused { get; }

    bool IsCompleted { get; }

    void Pause();

    void Resume();

    void Cancel();
}
