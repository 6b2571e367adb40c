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
    Ended,
    Flush,
}
