using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger.Tests;

/// <summary>Helpers to run a line to its end with a ledger attached.</summary>
internal static class Runs
{
    public static IReadOnlyList<Order> Orders(int count, Func<int, string>? text = null) =>
        Enumerable.Range(0, count).Select(i => new Order(i, text?.Invoke(i) ?? $"order {i}")).ToArray();

    public static RunOptions With(ILedger ledger, string? runId = null, JobOrder? job = null, ProvenanceLevel? level = null, string? actor = null) => new()
    {
        RunId = runId,
        Job = job,
        Observers = [ledger.Observe(new LedgerObserveOptions { Provenance = level, Actor = actor })],
    };

    /// <summary>Runs the line over <paramref name="input"/>, collecting outputs; returns the report.</summary>
    public static async Task<(LineReport Report, List<TOut> Outputs)> RunAsync<TIn, TOut>(ILine<TIn, TOut> line, IEnumerable<TIn> input, RunOptions options, CancellationToken cancellationToken = default)
    {
        LineRun<TIn, TOut> run = line.Start(options, cancellationToken);
        Task<List<TOut>> reading = ReadAsync(run);
        foreach (TIn item in input)
        {
            await run.Input.WriteAsync(item, cancellationToken);
        }

        run.Input.Complete();
        List<TOut> outputs = await reading;
        return (await run.Completion, outputs);
    }

    private static async Task<List<TOut>> ReadAsync<TIn, TOut>(LineRun<TIn, TOut> run)
    {
        var outputs = new List<TOut>();
        await foreach (TOut item in run.Output.ReadAllAsync())
        {
            outputs.Add(item);
        }

        return outputs;
    }
}
