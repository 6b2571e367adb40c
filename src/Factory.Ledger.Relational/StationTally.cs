using System.Threading;

namespace Factory.Ledger.Relational;

/// <summary>One station's attempts in one start of a run, as one recording process saw them: <see cref="RunTally"/>'s rows.</summary>
internal sealed class StationTally
{
    private long attempts;
    private long failed;
    private long inputTokens;
    private long outputTokens;
    private decimal cost;

    public DurationHistogram Durations { get; } = new();

    public long Attempts => Volatile.Read(ref attempts);

    public long Failed => Volatile.Read(ref failed);

    public long InputTokens => Volatile.Read(ref inputTokens);

    public long OutputTokens => Volatile.Read(ref outputTokens);

    public decimal Cost
    {
        get
        {
            lock (Durations)
            {
                return cost;
            }
        }
    }

    public void Count(in StationExecution execution)
    {
        Interlocked.Increment(ref attempts);
        if (execution.Outcome != ExecutionOutcome.Succeeded)
        {
            Interlocked.Increment(ref failed);
        }

        if (execution.InputTokens != 0 || execution.OutputTokens != 0)
        {
            Interlocked.Add(ref inputTokens, execution.InputTokens);
            Interlocked.Add(ref outputTokens, execution.OutputTokens);
        }

        if (execution.Cost != 0)
        {
            // Decimals are not atomic; only thinking units report a cost, and a model call outweighs a lock.
            lock (Durations)
            {
                cost += execution.Cost;
            }
        }

        Durations.Record(execution.Duration);
    }
}
