using System;

namespace Factory;

/// <summary>
/// A run's black box: which input each worker is working on, kept where the death of the process
/// cannot erase it (the SQLite ledger maps a small file into memory, whose pages outlive a killed
/// process in the operating system's cache). An observer hands one to the run
/// (<see cref="RunObserver.FlightRecorder"/>); the next start of the run reads what the last one
/// left, and so knows which inputs were in a station when the process died. Workers call it from
/// their own threads, each in its own slots, without locks: keep every call to a few plain stores.
/// </summary>
public abstract class FlightRecorder
{
    /// <summary>Slots a run of <paramref name="line"/> uses: <see cref="Width"/> per worker of each station, in station order.</summary>
    public static int SlotCount(LineDescriptor line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return FirstSlot(line, line.Stations.Count);
    }

    /// <summary>The first slot of the station at <paramref name="station"/> in <see cref="LineDescriptor.Stations"/>; its workers' slots follow, in order.</summary>
    public static int FirstSlot(LineDescriptor line, int station)
    {
        ArgumentNullException.ThrowIfNull(line);
        int slot = 0;
        for (int i = 0; i < station; i++)
        {
            slot += line.Stations[i].Options.Parallelism * Width(line.Stations[i]);
        }

        return slot;
    }

    /// <summary>Slots one worker of <paramref name="station"/> uses: one per material of its batch for a batch station, else one.</summary>
    public static int Width(StationDescriptor station)
    {
        ArgumentNullException.ThrowIfNull(station);
        return station.Options.IsBatch ? station.Options.BatchSize : 1;
    }

    /// <summary>
    /// The worker owning <paramref name="slot"/> begins an attempt on material <paramref name="materialId"/>
    /// of the input at <paramref name="root"/>, in the station at <paramref name="station"/>.
    /// </summary>
    public abstract void Begin(int slot, long root, long materialId, int station);

    /// <summary>The worker owning <paramref name="slot"/> is done with its material in this station.</summary>
    public abstract void End(int slot);

    /// <summary>Empties every slot: no worker is working on anything (the line drained, or the run ended).</summary>
    public abstract void Clear();
}
