namespace Factory.Ledger.Relational;

/// <summary>What an event asks the writer to record.</summary>
internal enum LedgerEventKind : byte
{
    Entered,
    Executed,
    Split,
    Gathered,
    Delivered,
    DeadLettered,
    Discarded,

    /// <summary>A material waits at a gate (the payload is its <see cref="Gates.GateItemKey"/>).</summary>
    Parked,

    /// <summary>A gate sent a waiting material on (the payload is its <see cref="Gates.GateItemKey"/>).</summary>
    SentOn,
    Ended,
    Flush,
}
