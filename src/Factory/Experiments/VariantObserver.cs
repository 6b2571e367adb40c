using System.Collections.Concurrent;

namespace Factory.Experiments;

/// <summary>What one variant's run spent on each input: the time of its stations' attempts and the model tokens.</summary>
internal sealed class VariantObserver : RunObserver
{
    public ConcurrentDictionary<long, (double Ms, long Tokens)> PerRoot { get; } = new();

    public override void Executed(in StationExecution execution)
    {
        double ms = execution.Duration.TotalMilliseconds;
        long tokens = execution.InputTokens + execution.OutputTokens;
        PerRoot.AddOrUpdate(execution.Material.Root, (ms, tokens), (_, spent) => (spent.Ms + ms, spent.Tokens + tokens));
    }
}
