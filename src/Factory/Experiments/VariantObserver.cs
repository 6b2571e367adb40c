using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace Factory.Experiments;

/// <summary>What one variant's run spent on each input: the time of its stations' attempts, the model tokens and their cost.</summary>
internal sealed class VariantObserver : RunObserver
{
    private readonly ConcurrentQueue<long> roots = new();
    private int entered;
    private int inspected;
    private int defects;

    public ConcurrentDictionary<long, Spent> PerRoot { get; } = new();

    /// <summary>Inputs that entered the line: fewer than were written when an observer (a ledger resuming the run's id) knew some done.</summary>
    public int EnteredCount => Volatile.Read(ref entered);

    public override void Entered(in MaterialInfo material, object? value) => Interlocked.Increment(ref entered);

    /// <summary>The inspectors' verdicts on the variant's outputs (wired by attribute, or by the run's sampling): how many, and how many defects.</summary>
    public (int Inspected, int Defects) Verdicts => (Volatile.Read(ref inspected), Volatile.Read(ref defects));

    public override void Inspected(Quality.Inspection inspection)
    {
        Interlocked.Increment(ref inspected);
        if (inspection.Result.IsDefect)
        {
            Interlocked.Increment(ref defects);
        }
    }

    /// <summary>The input of each output, in the order the outputs were read (the run delivers each as its reader takes it).</summary>
    public IReadOnlyList<long> Roots => [.. roots];

    public override void Delivered(in MaterialInfo material) => roots.Enqueue(material.Root);

    public override void Executed(in StationExecution execution)
    {
        var spent = new Spent(execution.Duration.TotalMilliseconds, execution.InputTokens + execution.OutputTokens, execution.Cost);
        PerRoot.AddOrUpdate(execution.Material.Root, spent, (_, sum) => new Spent(sum.Ms + spent.Ms, sum.Tokens + spent.Tokens, sum.Cost + spent.Cost));
    }

    /// <summary>What an input's attempts took, over every station.</summary>
    public readonly record struct Spent(double Ms, long Tokens, decimal Cost);
}
