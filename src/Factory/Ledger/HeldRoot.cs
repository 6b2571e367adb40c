using System.Collections.Generic;
using Factory.Gates;

namespace Factory.Ledger;

/// <summary>
/// An input whose every material left waits at a gate (<see cref="RootTracker.TryTakeHeld"/>): the
/// items that wait, and what the input had reached so far. A ledger keeps it so that a later start of
/// the run holds those items again and makes nothing of the input again (<see cref="RootTracker.Restore(HeldRoot)"/>).
/// </summary>
/// <param name="Root">The input's sequence in the run.</param>
/// <param name="Items">The items waiting at gates: every material of the input still in the line.</param>
/// <param name="Delivered">Outputs the input had delivered.</param>
/// <param name="DeadLettered">Its materials that became dead letters.</param>
/// <param name="Discarded">Its materials a route discarded.</param>
public sealed record HeldRoot(long Root, IReadOnlyList<GateItemKey> Items, int Delivered, int DeadLettered, int Discarded);
