using System.Collections.Generic;
using System.Threading.Tasks;

namespace Factory.Tests;

internal static class Collect
{
    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Feeds a run and reads all of its output, then returns the outputs and the report.</summary>
    public static async Task<(List<TOut> Outputs, LineReport Report)> RunToEndAsync<TIn, TOut>(LineRun<TIn, TOut> run, IEnumerable<TIn> input)
    {
        Task feeding = Task.Run(async () =>
        {
            foreach (TIn item in input)
            {
                await run.Input.WriteAsync(item);
            }

            run.Input.Complete();
        });
        var outputs = new List<TOut>();
        await foreach (TOut item in run.Output.ReadAllAsync())
        {
            outputs.Add(item);
        }

        await feeding;
        return (outputs, await run.Completion);
    }
}
