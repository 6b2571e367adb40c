using System;

namespace Factory.Ledger.Relational;

/// <summary>One lease: who holds the run (a ledger instance in a process on a host), since when, and until when.</summary>
internal sealed record Lease(string Instance, string Host, long Pid, DateTimeOffset Acquired, DateTimeOffset Heartbeat, DateTimeOffset Expires)
{
    /// <summary>How messages and the audit name the holder.</summary>
    public string Holder => $"process {Pid} on host '{Host}'";
}
