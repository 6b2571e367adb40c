namespace Factory.Generators.Model;

/// <summary>A station's options with defaults filled in.</summary>
internal sealed record OptionsModel(int Parallelism, int Capacity, bool Ordered, int MaxAttempts, int BackoffMs, int TimeoutMs, int BatchSize, int BatchWaitMs);
