using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

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
    public static string Messages(Exception error)
    {
        var messages = new List<string>();
        var pending = new Stack<Exception>();
        pending.Push(error);
        while (pending.TryPop(out Exception? next))
        {
            messages.Add($"{next.GetType().Name}: {next.Message}");
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

        return string.Join(" <- ", messages);
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
