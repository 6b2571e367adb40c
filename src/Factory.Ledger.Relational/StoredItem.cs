using System;
using System.Collections.Generic;
using Factory.Gates;

namespace Factory.Ledger.Relational;

/// <summary>A <c>gate_items</c> row: the item as parked, its payload still JSON.</summary>
internal sealed record StoredItem(
    GateItemKey Key,
    long Root,
    long ParentId,
    long Sequence,
    string PayloadType,
    string PayloadJson,
    string? PresentedJson,
    IReadOnlyList<string> Approvers,
    bool FourEyes,
    DateTimeOffset Parked,
    DateTimeOffset? Deadline,
    GateTimeout OnTimeout,
    string Tenant,
    string? Submitter,
    string? Trace)
{
    /// <summary>The item as deciders see it, its payload and what they are shown read back.</summary>
    public GateItem Item(object? payload) =>
        new(Key, Tenant, Submitter, Approvers, FourEyes, Parked, Deadline, OnTimeout, payload, GateJson.ReadPresented(PresentedJson, payload));
}
