using System.Threading;

namespace Factory.Runtime;

/// <summary>
/// A run's use of the flight recorder an observer gave (<see cref="RunObserver.FlightRecorder"/>):
/// each worker of each station gets its own slots, in the layout <see cref="FlightRecorder"/>
/// defines, as it starts; a drained line clears them all.
/// </summary>
internal sealed class FlightRecording(FlightRecorder recorder, LineDescriptor line)
{
    // Workers of each station that took their slots so far, by the station's index in the line.
    private readonly int[] workers = new int[line.Stations.Count];

    /// <summary>The next worker of <paramref name="station"/>'s slots, or null past its parallelism.</summary>
    public FlightSlots? SlotsFor(StationDescriptor station)
    {
        int index = 0;
        while (!ReferenceEquals(line.Stations[index], station))
        {
            index++;
        }

        int worker = Interlocked.Increment(ref workers[index]) - 1;
        int width = FlightRecorder.Width(station);
        return worker < station.Options.Parallelism
            ? new FlightSlots(recorder, FlightRecorder.FirstSlot(line, index) + (worker * width), width, index)
            : null;
    }

    /// <summary>No worker is working on anything: what the recorder names is done with.</summary>
    public void Clear() => recorder.Clear();
}
