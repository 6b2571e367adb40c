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
    /// <summary>An output went to the review queue (the payload is its <see cref="Quality.QualitySample"/>).</summary>
    Sampled,

    /// <summary>An automatic inspector's verdict (the payload is its <see cref="Quality.Inspection"/>).</summary>
    Inspected,

    /// <summary>A station's andon tripped (the payload is its <see cref="Quality.AndonTrip"/>): audited.</summary>
    Andon,
    Ended,
    Flush,
}
