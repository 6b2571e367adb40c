namespace Factory.AI;

/// <summary>What one model used for one job.</summary>
/// <param name="Calls">Calls settled.</param>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="Cost">Cost.</param>
public readonly record struct ModelUsage(long Calls, long InputTokens, long OutputTokens, decimal Cost);
