namespace Factory.Ledger;

/// <summary>An input that got its outcome.</summary>
/// <param name="Root">Its sequence.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Delivered">Materials of it delivered.</param>
/// <param name="DeadLettered">Materials of it dead-lettered.</param>
/// <param name="Discarded">Materials of it discarded.</param>
public readonly record struct RootOutcome(long Root, InputOutcome Outcome, int Delivered, int DeadLettered, int Discarded);
