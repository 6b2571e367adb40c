using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Factory.Gates;

namespace Factory.Ledger;

/// <summary>
/// Decides when an input (a root) has its one outcome, from the events a run's observer hears. A
/// root starts with one material outstanding; a split adds its children less one, a gather takes its
/// arrivals less one, and a delivery, dead letter or discard takes one. A root is done when nothing
/// is outstanding and no gather it waits for is still to come: a split followed by a gather (in the
/// line's descriptor) always ends in exactly one gathered group, even when every child failed, so
/// the root is held open for it. It also knows which of a root's materials wait at gates, and says
/// when every material of a root left waits at one (<see cref="TryTakeHeld"/>): a point a later start
/// can take the root up from without making anything again. Not thread-safe: feed it from one thread, in the order events were
/// observed (a single writer draining a queue does).
/// </summary>
public sealed class RootTracker
{
    /// <summary>The station a budget refusal names (the runtime's name for the entry).</summary>
    public const string EntryStation = Runtime.DeadLetters.EntryStation;

    /// <summary>The station a gather that could not complete names (the runtime's name for a gather).</summary>
    public const string GatherStation = Runtime.DeadLetters.GatherStation;

    private readonly HashSet<string> gatheredSplits = new(StringComparer.Ordinal);
    private readonly Dictionary<long, RootState> roots = [];

    // Roots with a material at a gate: while there are none, TryTakeHeld looks nothing up.
    private int gatedRoots;

    /// <summary>Creates a tracker for one run of <paramref name="line"/>.</summary>
    public RootTracker(LineDescriptor line)
    {
        ArgumentNullException.ThrowIfNull(line);

        // As the runtime wires gathers: a gather takes the nearest split before it.
        string? lastSplit = null;
        foreach (StationDescriptor station in line.Stations)
        {
            if (IsGathering(station) && lastSplit is not null)
            {
                gatheredSplits.Add(lastSplit);
                lastSplit = null;
            }

            if (station.Splits)
            {
                lastSplit = station.Path;
            }
        }
    }

    /// <summary>Roots entered and not yet done.</summary>
    public int InFlight => roots.Count;

    /// <summary>Events for roots the tracker did not know (a bug upstream if ever above 0).</summary>
    public long Anomalies { get; private set; }

    /// <summary>An input entered; false when it already had (an entry retried under backpressure).</summary>
    public bool Enter(long root)
    {
        ref RootState state = ref CollectionsMarshal.GetValueRefOrAddDefault(roots, root, out bool exists);
        if (exists)
        {
            return false;
        }

        state.Outstanding = 1;
        return true;
    }

    /// <summary>
    /// A started-again run takes <paramref name="held"/>'s root up where an earlier start left it: its
    /// materials waiting at the gates it names, and the outputs, dead letters and discards it had.
    /// </summary>
    public void Restore(HeldRoot held)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentOutOfRangeException.ThrowIfLessThan(held.Items.Count, 1);
        ref RootState state = ref CollectionsMarshal.GetValueRefOrAddDefault(roots, held.Root, out bool exists);
        if (exists)
        {
            throw new InvalidOperationException($"Input {held.Root} is already in flight: it cannot be held at gates again.");
        }

        state.Outstanding = held.Items.Count;
        state.Delivered = held.Delivered;
        state.DeadLettered = held.DeadLettered;
        state.Discarded = held.Discarded;
        state.Parked = [.. held.Items];
        gatedRoots++;
    }

    /// <summary>A material of <paramref name="root"/> waits at a gate as <paramref name="item"/>.</summary>
    public void Parked(long root, GateItemKey item)
    {
        ref RootState state = ref Find(root);
        if (Unknown(ref state))
        {
            return;
        }

        if (state.Parked is null)
        {
            state.Parked = [];
            gatedRoots++;
        }

        if (!state.Parked.Contains(item))
        {
            state.Parked.Add(item);
            state.Moved = true;
        }
    }

    /// <summary>A gate sent <paramref name="item"/> of <paramref name="root"/> on, decided (or dead-lettered it at its deadline).</summary>
    public void SentOn(long root, GateItemKey item)
    {
        ref RootState state = ref Find(root);
        if (!Unknown(ref state) && state.Parked is not null && state.Parked.Remove(item))
        {
            state.Moved = true;
        }
    }

    /// <summary>
    /// True when every material of <paramref name="root"/> left waits at a gate and this has not been
    /// said since it last changed: <paramref name="held"/> is then what a later start needs to take the
    /// root up without making anything again. A root whose gather still waits is never held: the
    /// gather's group lives in this process only.
    /// </summary>
    public bool TryTakeHeld(long root, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HeldRoot? held)
    {
        held = null;
        if (gatedRoots == 0)
        {
            return false;
        }

        ref RootState state = ref Find(root);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref state)
            || !state.Moved
            || state.Parked is not { Count: > 0 } parked
            || state.Outstanding != parked.Count
            || state.PendingGathers != 0)
        {
            return false;
        }

        state.Moved = false;
        held = new HeldRoot(root, [.. parked], state.Delivered, state.DeadLettered, state.Discarded);
        return true;
    }

    /// <summary>A station split a material of <paramref name="root"/> into <paramref name="children"/>.</summary>
    public RootOutcome? Split(long root, StationDescriptor station, int children)
    {
        ArgumentNullException.ThrowIfNull(station);
        ref RootState state = ref Find(root);
        if (Unknown(ref state))
        {
            return null;
        }

        state.Outstanding += children - 1;
        state.Moved = true;
        if (gatheredSplits.Contains(station.Path))
        {
            state.PendingGathers++;
        }

        return Check(root, ref state);
    }

    /// <summary>A gather put <paramref name="arrived"/> children of a material of <paramref name="root"/> together.</summary>
    public RootOutcome? Gathered(long root, int arrived)
    {
        ref RootState state = ref Find(root);
        if (Unknown(ref state))
        {
            return null;
        }

        state.Outstanding -= arrived - 1;
        state.PendingGathers--;
        state.Moved = true;
        return Check(root, ref state);
    }

    /// <summary>A material of <paramref name="root"/> left the line.</summary>
    public RootOutcome? Delivered(long root) => Left(root, InputOutcome.Delivered);

    /// <summary>A material of <paramref name="root"/> became a dead letter at <paramref name="station"/>.</summary>
    public RootOutcome? DeadLettered(long root, string station)
    {
        ref RootState state = ref CollectionsMarshal.GetValueRefOrNullRef(roots, root);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref state))
        {
            if (station == EntryStation)
            {
                // Refused at the entry: it never entered, and this is its outcome.
                return new RootOutcome(root, InputOutcome.DeadLettered, 0, 1, 0);
            }

            Anomalies++;
            return null;
        }

        if (station == GatherStation)
        {
            // A gather that could not complete: its group is the one outcome of the split it waited for.
            state.PendingGathers--;
        }

        state.Outstanding--;
        state.DeadLettered++;
        state.Moved = true;
        return Check(root, ref state);
    }

    /// <summary>A route discarded a material of <paramref name="root"/>.</summary>
    public RootOutcome? Discarded(long root) => Left(root, InputOutcome.Discarded);

    private static bool IsGathering(StationDescriptor station) =>
        station.InputType.StartsWith("Factory.Gathered<", StringComparison.Ordinal)
        || station.InputType.StartsWith("global::Factory.Gathered<", StringComparison.Ordinal);

    private ref RootState Find(long root) => ref CollectionsMarshal.GetValueRefOrNullRef(roots, root);

    /// <summary>A material of <paramref name="root"/> left the line: <see cref="InputOutcome.Delivered"/> or <see cref="InputOutcome.Discarded"/>.</summary>
    private RootOutcome? Left(long root, InputOutcome how)
    {
        ref RootState state = ref Find(root);
        if (Unknown(ref state))
        {
            return null;
        }

        state.Outstanding--;
        state.Moved = true;
        if (how == InputOutcome.Delivered)
        {
            state.Delivered++;
        }
        else
        {
            state.Discarded++;
        }

        return Check(root, ref state);
    }

    private bool Unknown(ref RootState state)
    {
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref state))
        {
            Anomalies++;
            return true;
        }

        return false;
    }

    private RootOutcome? Check(long root, ref RootState state)
    {
        if (state.Outstanding > 0 || state.PendingGathers != 0)
        {
            return null;
        }

        InputOutcome outcome = state.DeadLettered > 0 ? InputOutcome.DeadLettered
            : state.Delivered > 0 ? InputOutcome.Delivered
            : state.Discarded > 0 ? InputOutcome.Discarded
            : InputOutcome.Filtered;
        var done = new RootOutcome(root, outcome, state.Delivered, state.DeadLettered, state.Discarded);
        if (state.Parked is not null)
        {
            gatedRoots--;
        }

        roots.Remove(root);
        return done;
    }

    private struct RootState
    {
        public int Outstanding;
        public int PendingGathers;
        public int Delivered;
        public int DeadLettered;
        public int Discarded;

        // The materials waiting at gates (null until one parks), and whether anything moved since TryTakeHeld last said so.
        public List<GateItemKey>? Parked;
        public bool Moved;
    }
}
