namespace Factory.Runtime;

/// <summary>
/// Counts kept by one worker. Each worker writes only its own, so counting needs no interlocked
/// operation; readers sum the workers' counts.
/// </summary>
internal sealed class WorkerCounts
{
    public long In;
    public long Out;
    public long DeadLettered;
    public long Retries;
    public long InputTokens;
    public long OutputTokens;
    public decimal Cost;
}
