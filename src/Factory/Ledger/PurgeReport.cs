namespace Factory.Ledger;

/// <summary>What <see cref="ILedger.PurgeAsync"/> removed.</summary>
/// <param name="Runs">Runs whose materials and attempts were removed (now <see cref="RunRecord.Purged"/>).</param>
/// <param name="Materials">Material rows removed.</param>
/// <param name="Executions">Attempt rows (provenance) removed.</param>
public sealed record PurgeReport(int Runs, long Materials, long Executions);
