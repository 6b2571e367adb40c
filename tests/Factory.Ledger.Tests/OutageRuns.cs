using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger;

namespace Factory.Ledger.Tests;

/// <summary>Runs that may fail, and what the outage tests compare.</summary>
internal static class OutageRuns
{
    /// <summary>Runs the line over <paramref name="input"/> to its end; the run's failure instead of a throw.</summary>
    public static async Task<(Exception? Error, int Outputs)> TryRunAsync<TIn, TOut>(ILine<TIn, TOut> line, IEnumerable<TIn> input, RunOptions options)
    {
        int outputs = 0;
        try
        {
            LineRun<TIn, TOut> run = line.Start(options);
            Task reading = Task.Run(async () =>
            {
                await foreach (TOut _ in run.Output.ReadAllAsync())
                {
                    outputs++;
                }
            });
            try
            {
                foreach (TIn item in input)
                {
                    await run.Input.WriteAsync(item);
                }

                run.Input.Complete();
            }
            catch (Exception)
            {
                // The run failed and stopped taking inputs: its completion says why.
            }

            await reading;
            await run.Completion;
            return (null, outputs);
        }
        catch (Exception exception)
        {
            return (exception, outputs);
        }
    }

    /// <summary>Every message of <paramref name="error"/> and its inner exceptions, for asserting on.</summary>
    public static string Messages(Exception error) =>
        string.Join(" <- ", Chain(error).Select(next => $"{next.GetType().Name}: {next.Message}"));

    /// <summary>The first <see cref="LedgerException"/> in <paramref name="error"/> or inside it.</summary>
    public static LedgerException Ledgers(Exception error) =>
        Chain(error).OfType<LedgerException>().FirstOrDefault() ?? throw new Xunit.Sdk.XunitException($"No LedgerException in {Messages(error)}");

    /// <summary><paramref name="error"/> and its inner exceptions, depth first.</summary>
    private static IEnumerable<Exception> Chain(Exception error)
    {
        var pending = new Stack<Exception>();
        pending.Push(error);
        while (pending.TryPop(out Exception? next))
        {
            yield return next;
            if (next is AggregateException aggregate)
            {
                foreach (Exception inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (next.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    /// <summary>What a run left in <paramref name="database"/>: rows per table and inputs per outcome.</summary>
    public static string Counts(string database) => string.Join(
        ", ",
        new[]
        {
            ("inputs", "SELECT count(*) FROM inputs"),
            ("delivered", "SELECT count(*) FROM inputs WHERE outcome = 'delivered'"),
            ("dead-lettered", "SELECT count(*) FROM inputs WHERE outcome = 'dead-lettered'"),
            ("materials", "SELECT count(*) FROM materials"),
            ("material outcomes", "SELECT count(*) FROM materials WHERE outcome IS NOT NULL"),
            ("attempts", "SELECT count(*) FROM executions"),
            ("dead letters", "SELECT count(*) FROM dead_letters"),
        }.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Item1} {SqliteFile.Scalar(database, c.Item2)}")));
}
