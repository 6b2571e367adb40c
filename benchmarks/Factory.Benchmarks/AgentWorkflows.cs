using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Agents.AI.Workflows.InProc;

namespace Factory.Benchmarks;

/// <summary>
/// Microsoft Agent Framework workflows as a peer (issue 21): the same stations as executors
/// (<see cref="Executor{TInput, TOutput}"/>), chained with <see cref="WorkflowBuilder"/>, and one
/// workflow run per material through <see cref="InProcessExecution"/>, as its documentation shows.
/// A workflow is built for a request that takes steps; it has no channel of many materials to stream
/// through, so the per-run cost is what a line of materials pays.
/// </summary>
internal static class AgentWorkflows
{
    /// <summary>S1's three stations chained; the last one's result is the workflow's output.</summary>
    public static Workflow Linear3(AddOne addOne, Twice twice, Mask mask)
    {
        var first = new Step("AddOne", addOne.Process);
        var second = new Step("Twice", twice.Process);
        var third = new Step("Mask", mask.Process);
        return new WorkflowBuilder(first).AddEdge(first, second).AddEdge(second, third).WithOutputFrom(third).Build();
    }

    /// <summary>S4's one station awaiting its 20 ms call.</summary>
    public static Workflow IoBound(IoBoundCall call)
    {
        var only = new AsyncStep("Call", call);
        return new WorkflowBuilder(only).WithOutputFrom(only).Build();
    }

    /// <summary>One run of <paramref name="workflow"/> on <paramref name="input"/> in <paramref name="environment"/>: its output.</summary>
    public static async ValueTask<long> RunOnceAsync(InProcessExecutionEnvironment environment, Workflow workflow, long input)
    {
        await using Run run = await environment.RunAsync(workflow, input).ConfigureAwait(false);
        foreach (WorkflowEvent happened in run.NewEvents)
        {
            if (happened is WorkflowOutputEvent output && output.Is(out long value))
            {
                return value;
            }
        }

        throw new InvalidOperationException($"The workflow gave no output for {input}.");
    }

    /// <summary>
    /// One run per material, <paramref name="atOnce"/> runs in flight: the sum of the outputs. Runs at once
    /// on one workflow need the concurrent environment (the default one refuses a workflow another run owns).
    /// </summary>
    public static async Task<long> SumAsync(Workflow workflow, int count, int atOnce)
    {
        if (atOnce == 1)
        {
            long total = 0;
            for (long i = 0; i < count; i++)
            {
                total += await RunOnceAsync(InProcessExecution.Default, workflow, i).ConfigureAwait(false);
            }

            return total;
        }

        long sum = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = atOnce },
            async (i, _) => Interlocked.Add(ref sum, await RunOnceAsync(InProcessExecution.Concurrent, workflow, i).ConfigureAwait(false))).ConfigureAwait(false);
        return sum;
    }

    /// <summary>A synchronous station as an executor; shareable, so concurrent runs may use one workflow.</summary>
    private sealed class Step(string id, Func<long, long> work) : Executor<long, long>(id, declareCrossRunShareable: true)
    {
        public override ValueTask<long> HandleAsync(long message, IWorkflowContext context, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(work(message));
    }

    /// <summary>S4's asynchronous station as an executor.</summary>
    private sealed class AsyncStep(string id, IoBoundCall call) : Executor<long, long>(id, declareCrossRunShareable: true)
    {
        public override ValueTask<long> HandleAsync(long message, IWorkflowContext context, CancellationToken cancellationToken = default) =>
            call.ProcessAsync(message, cancellationToken);
    }
}
