using System;

namespace Factory.Runtime;

/// <summary>
/// One worker's slots in the run's <see cref="FlightRecorder"/>: one for a worker that takes one
/// material at a time, one per material of its batch for a batch worker. A worker's context notes
/// each attempt's material as it begins (<see cref="StationContext"/>); the station clears the slots
/// when it is done with the material. A fused station, run inside the worker before it, does not:
/// its slot keeps its last material until the next one, or until the line drains. A run without a
/// recorder has no slots, and pays one null test per attempt.
/// </summary>
internal sealed class FlightSlots(FlightRecorder recorder, int first, int width, int station)
{
    public void Begin<T>(in Material<T> material) => recorder.Begin(first, material.Root, material.Id, station);

    /// <summary>A batch: every material of it, each in its own slot.</summary>
    public void Begin<T>(ReadOnlySpan<Material<T>> batch)
    {
        for (int i = 0; i < batch.Length && i < width; i++)
        {
            recorder.Begin(first + i, batch[i].Root, batch[i].Id, station);
        }
    }

    public void End() => recorder.End(first);

    public void End(int count)
    {
        for (int i = 0; i < count && i < width; i++)
        {
            recorder.End(first + i);
        }
    }
}
