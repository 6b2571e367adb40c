using System;
using System.Text.Json.Serialization.Metadata;

namespace Factory.Ledger.Tests;

/// <summary>
/// What a test asks of its ledger, in the options every ledger has (SqliteLedgerOptions and
/// PostgresLedgerOptions share them): each fixture maps it to its ledger's options. Null leaves the
/// ledger's default.
/// </summary>
public sealed record LedgerSettings
{
    /// <summary>What most tests use: the ledger's defaults, with the tests' input types (<see cref="LedgerJson"/>).</summary>
    public static LedgerSettings Default { get; } = new() { Inputs = LedgerJson.Default };

    public ProvenanceLevel? Provenance { get; init; }

    public IJsonTypeInfoResolver? Inputs { get; init; }

    public int? BatchSize { get; init; }

    public int? MaxPending { get; init; }

    public string? DefaultActor { get; init; }

    public TimeSpan? LeaseDuration { get; init; }

    public int? CrashLimit { get; init; }

    public TimeProvider? Clock { get; init; }
}
